import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@faultline/instrumented/testing';

const APP_ROOT = join(__dirname, '..');

/** A stand-in for the order service: every checkout is paid, and every request is kept. */
async function fakeOrder(): Promise<{
  server: Server;
  url: string;
  orders: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
}> {
  const orders: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      orders.push({ headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: '3b241101-e2bb-5255-8caf-4136c566a962',
          status: 'paid',
          customerId: body['customerId'],
          items: [
            {
              productId: 'prd_synthetic',
              sku: 'FL-SYNTHETIC',
              name: 'Synthetic check item',
              quantity: 1,
              unitPrice: { amount: 100, currency: 'EUR' },
            },
          ],
          total: { amount: 100, currency: 'EUR' },
          paymentId: 'pay-1',
          createdAt: new Date().toISOString(),
        }),
      );
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, orders };
}

const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({
  status: 'firing',
  labels,
  annotations,
  startsAt: '2026-11-03T09:58:00.123456789Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus:9090/graph',
  fingerprint: 'a1b2c3',
});

/** A webhook notification as Alertmanager 0.2x sends it (payload version 4). */
const notification = (receiver: string, alerts: ReturnType<typeof alert>[]) => ({
  version: '4',
  groupKey: `{}:{alertname="${alerts[0]?.labels['alertname'] ?? ''}"}`,
  truncatedAlerts: 0,
  status: 'firing',
  receiver,
  groupLabels: { alertname: alerts[0]?.labels['alertname'] ?? '' },
  commonLabels: alerts[0]?.labels ?? {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts,
});

describe('the watcher process (main.ts)', () => {
  let order: Awaited<ReturnType<typeof fakeOrder>>;
  let child: ChildProcess;
  let exited: Promise<[number | null, NodeJS.Signals | null]>;
  let url: string;
  let output = '';

  const post = (body: unknown) =>
    fetch(`${url}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const logLines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', join(APP_ROOT, 'tsconfig.build.json')],
      { encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    order = await fakeOrder();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(APP_ROOT, 'dist', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        ORDER_URL: order.url,
        SYNTHETIC_INTERVAL_MS: '200',
        DEADMAN_TIMEOUT_MS: '1500',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const deadline = Date.now() + 15_000;
    while (!output.includes('"service_listening"')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(output);
      await sleep(50);
    }
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => order.server.close(resolve));
  });

  it('places a synthetic order through ORDER_URL at once and then on its interval, counted as paid', async () => {
    const deadline = Date.now() + 10_000;
    while (order.orders.length < 2 && Date.now() < deadline) await sleep(50);
    expect(order.orders.length).toBeGreaterThanOrEqual(2);
    const [first, second] = order.orders;
    expect(first!.headers['idempotency-key']).toMatch(/^synthetic-[0-9a-f-]{36}$/);
    expect(second!.headers['idempotency-key']).not.toBe(first!.headers['idempotency-key']);
    expect(first!.body).toMatchObject({
      customerId: 'synthetic-checkout',
      items: [{ productId: 'prd_synthetic', quantity: 1 }],
    });

    const metrics = await (await fetch(`${url}/metrics`)).text();
    const paid = /^synthetic_checkouts_total\{outcome="paid"\} (\d+)$/m.exec(metrics)?.[1];
    expect(Number(paid)).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/^synthetic_checkout_last_success_timestamp_seconds \d{10}/m);
    expect(logLines().find((l) => l['event'] === 'synthetic_checkout')).toMatchObject({
      level: 'info',
      service: 'watcher',
      outcome: 'paid',
      status_code: 201,
    });
  });

  it('refuses a payload that is not an Alertmanager webhook with 400 problem+json naming the field', async () => {
    const bad = notification('page', [alert({ alertname: 'X' })]) as Record<string, unknown>;
    bad['alerts'] = [{ ...alert({ alertname: 'X' }), labels: undefined }];
    const res = await post(bad);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      code: 'validation_failed',
      invalid_params: [{ name: 'body.alerts.0.labels', reason: 'is required' }],
    });
    const wrongVersion = await post({
      ...notification('page', [alert({ alertname: 'X' })]),
      version: '3',
    });
    expect(await wrongVersion.json()).toMatchObject({
      invalid_params: [
        { name: 'body.version', reason: 'must be "4" (the webhook payload version)' },
      ],
    });
  });

  it('shows a notification on the pager page with every label escaped, and no script allowed', async () => {
    const res = await post(
      notification('page', [
        alert(
          {
            alertname: 'SyntheticCheckoutFailing',
            severity: 'page',
            job: '<script>alert(document.cookie)</script>',
          },
          {
            summary: 'No paid synthetic checkout for <b>5 minutes</b>',
            runbook_url: 'http://localhost:3005/runbooks/SyntheticCheckoutFailing',
          },
        ),
      ]),
    );
    expect(res.status).toBe(200);

    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('No paid synthetic checkout for &lt;b&gt;5 minutes&lt;/b&gt;');
    expect(html).toContain('href="http://localhost:3005/runbooks/SyntheticCheckoutFailing"');

    const listed = (await (await fetch(`${url}/notifications`)).json()) as {
      items: Record<string, unknown>[];
    };
    expect(listed.items[0]).toMatchObject({
      receiver: 'page',
      status: 'firing',
      alertNames: ['SyntheticCheckoutFailing'],
      groupKey: '{}:{alertname="SyntheticCheckoutFailing"}',
      runbookUrls: ['http://localhost:3005/runbooks/SyntheticCheckoutFailing'],
      receivedAt: expect.any(String),
    });
    expect(logLines().find((l) => l['event'] === 'alert_notification')).toMatchObject({
      level: 'warn',
      receiver: 'page',
      alert_names: ['SyntheticCheckoutFailing'],
      runbook_urls: ['http://localhost:3005/runbooks/SyntheticCheckoutFailing'],
    });
  });

  it("serves the repository's runbooks, where every alert's runbook_url points, with no setting", async () => {
    const started = logLines().find((l) => l['event'] === 'watcher_started');
    expect(started?.['runbooks']).toBeGreaterThan(20);
    const page = await fetch(`${url}/runbooks/SyntheticCheckoutFailing`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(
      '<h1 id="syntheticcheckoutfailing">SyntheticCheckoutFailing</h1>',
    );
    const missing = await fetch(`${url}/runbooks/..%2F..%2Fetc%2Fpasswd`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("trips the dead man's switch when no Watchdog arrives, and clears it on the next one", async () => {
    const deadline = Date.now() + 10_000;
    while (!output.includes('"deadman_alarm"') && Date.now() < deadline) await sleep(50);
    expect(logLines().find((l) => l['event'] === 'deadman_alarm')).toMatchObject({
      level: 'error',
    });
    expect(await (await fetch(`${url}/`)).text()).toContain("Dead man's switch tripped");
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^watcher_deadman_alarm 1$/m);

    const res = await post(
      notification('deadman', [alert({ alertname: 'Watchdog', severity: 'none' })]),
    );
    expect(res.status).toBe(200);
    const listed = (await (await fetch(`${url}/notifications`)).json()) as {
      deadman: { tripped: boolean; lastWatchdogAt: string | null };
    };
    expect(listed.deadman).toMatchObject({ tripped: false, lastWatchdogAt: expect.any(String) });
    expect(await (await fetch(`${url}/`)).text()).not.toContain("Dead man's switch tripped");
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('"service_stopped"');
    expect(output).not.toContain('"shutdown_hook_failed"');
    expect(output).not.toContain('"level":"fatal"');
  }, 20_000);
});
