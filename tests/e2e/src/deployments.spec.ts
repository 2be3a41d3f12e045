/**
 * Payment's canary as `npm start` runs it: `faultline deploy` has the supervisor start a second
 * payment release beside the stable one and order split charges between them; `faultline
 * rollback` leaves no canary process and no charge going to it. Real processes on PostgreSQL, the
 * built CLI.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '@faultline/postgres';
import {
  DATABASE_NAMES,
  databaseUrlFor,
  NATIVE_PROMETHEUS_CONFIG,
  scrapeTargets,
  startPrometheus,
  startStack,
  testPrometheusConfig,
} from '@faultline/stack';
import type { PrometheusProcess, Stack } from '@faultline/stack';
import { eventually } from '@faultline/instrumented/testing';
import { runFaultline } from './support/scenario-cli';
import { isRunning as running } from './support/service-pids';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_TOKEN = `canary-${randomBytes(6).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Charges a payment process has made so far (every outcome), from its own /metrics. */
async function charges(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(/^payments_total\{[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

describe('faultline deploy / rollback: the payment canary (supervisor and order, real processes)', () => {
  const prefix = `stack_canary_${randomBytes(3).toString('hex')}_`;
  const lines: string[] = [];
  let stack: Stack | undefined;

  beforeAll(async () => {
    stack = await startStack({
      supervise: true,
      watcher: false,
      ports: 'ephemeral',
      databasePrefix: prefix,
      postgresUrl: POSTGRES,
      env: {
        FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
        GATEWAY_LATENCY_MEDIAN_MS: '2',
        OTEL_SDK_DISABLED: 'true',
        SERVICE_VERSION: '0.1.0',
      },
      onLine: (source, line) => lines.push(`${source}| ${line}`),
    });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    for (const name of Object.values(DATABASE_NAMES)) {
      await dropDatabase(databaseUrlFor(POSTGRES, `${prefix}${name}`));
    }
  });

  const the = (): Stack => {
    if (!stack) throw new Error(`the stack did not start:\n${lines.slice(-20).join('\n')}`);
    return stack;
  };
  const supervisor = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${the().supervisorUrl ?? ''}${path}`, {
      method,
      headers: {
        ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const checkout = async (i: number) => {
    const res = await fetch(`${the().urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'canary-spec',
        items: [{ productId: `prd_0${(i % 8) + 1}`, quantity: 1 }],
        payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
      }),
    });
    await res.body?.cancel();
    return res.status;
  };
  const checkouts = async (count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += 4) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(4, count - i) }, (_, j) => checkout(i + j)),
        )),
      );
    }
    return statuses;
  };

  it('refuses a bad request and changes nothing', async () => {
    expect((await supervisor('PUT', '/deployments/payment', { version: '0.2.0' }, '')).status).toBe(
      401,
    );
    expect(
      (await supervisor('PUT', '/deployments/payment', { version: '0.2.0' }, 'wrong')).status,
    ).toBe(403);
    const bad = await supervisor('PUT', '/deployments/payment', { version: 'a b' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'version' }] });
    expect(await (await supervisor('GET', '/deployments')).json()).toEqual({ items: [] });
  });

  it('reports a release payment does not know as a failed deployment, leaving no canary', async () => {
    const failed = await supervisor('PUT', '/deployments/payment', { version: '9.9.9' });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ code: 'canary_failed', version: '9.9.9' });
    expect(the().canary.current()).toBeUndefined();
    expect(await (await supervisor('GET', '/deployments/targets')).json()).toEqual([]);
  }, 40_000);

  const faultline = (args: string[]) =>
    runFaultline([...args, '--supervisor-url', the().supervisorUrl ?? ''], {
      FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
      FAULTLINE_ORDER_URL: the().urls.order,
    });

  it('refuses to deploy anything but payment, or with a bad share', async () => {
    expect(await faultline(['deploy', 'order', '0.2.0'])).toMatchObject({
      code: 1,
      lines: [expect.stringMatching(/only payment has releases to deploy/)],
    });
    expect(await faultline(['deploy', 'payment', '0.2.0', '--canary', '0'])).toMatchObject({
      code: 1,
      lines: [expect.stringMatching(/--canary 0: give a whole percent from 1 to 100/)],
    });
    expect(the().canary.current()).toBeUndefined();
  }, 30_000);

  it('deploys 0.2.0 beside the stable release, splits charges by weight, and rolls back to nothing', async () => {
    const deployed = await faultline(['deploy', 'payment', '0.2.0', '--canary', '50']);
    expect(deployed.code).toBe(0);
    expect(deployed.lines[0]).toMatch(
      /^payment 0\.2\.0: canary started at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)$/,
    );
    expect(deployed.lines[1]).toBe('order: 50% of charges to 0.2.0, 50% to the stable release');
    const canary = the().canary.current();
    if (!canary) throw new Error(`no canary after deploy:\n${deployed.lines.join('\n')}`);
    expect(running(canary.pid)).toBe(true);
    expect(canary.url).not.toBe(the().urls.payment);

    // Each release says which it is on its own /metrics, for every series of its target.
    const canaryMetrics = await (await fetch(`${canary.url}/metrics`)).text();
    expect(canaryMetrics).toMatch(/^target_info\{service_version="0\.2\.0",[^}]*\} 1/m);
    const stableMetrics = await (await fetch(`${the().urls.payment}/metrics`)).text();
    expect(stableMetrics).toMatch(/^target_info\{service_version="0\.1\.0",[^}]*\} 1/m);
    // Prometheus finds the canary through the supervisor (HTTP service discovery).
    expect(await (await supervisor('GET', '/deployments/targets')).json()).toEqual([
      { targets: [new URL(canary.url).host], labels: { track: 'canary' } },
    ]);

    const before = { stable: await charges(the().urls.payment), canary: await charges(canary.url) };
    const statuses = await checkouts(80);
    expect(statuses.every((status) => status === 201)).toBe(true);
    const split = {
      stable: (await charges(the().urls.payment)) - before.stable,
      canary: (await charges(canary.url)) - before.canary,
    };
    expect(split.stable + split.canary).toBe(80);
    // 40 expected; 22–58 is four standard deviations (sd ≈ 4.5) either side.
    expect(split.canary).toBeGreaterThanOrEqual(22);
    expect(split.canary).toBeLessThanOrEqual(58);

    const rolledBack = await faultline(['rollback', 'payment']);
    expect(rolledBack).toEqual({
      code: 0,
      lines: [
        'order: every charge goes to the stable release again',
        `payment 0.2.0: canary stopped (pid ${canary.pid})`,
      ],
    });
    expect(running(canary.pid)).toBe(false);
    expect(the().canary.current()).toBeUndefined();
    expect(await (await supervisor('GET', '/deployments/targets')).json()).toEqual([]);
    expect((await faultline(['rollback', 'payment'])).lines).toEqual([
      'order: no charge was going to a canary',
      'no canary process was running',
    ]);

    const stableBefore = await charges(the().urls.payment);
    expect(await checkouts(12)).toEqual(Array.from({ length: 12 }, () => 201));
    expect((await charges(the().urls.payment)) - stableBefore).toBe(12);
  }, 90_000);

  it('fires CanaryLatencyRegression in a real Prometheus (rules 10x faster), which clears after rollback', async () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'faultline-canary-rules-'));
    let prometheus: PrometheusProcess | undefined;
    const shopping = new AbortController();
    // Open-loop shoppers, 4 checkouts a second, until the test ends.
    const shoppers = (async () => {
      for (let i = 0; !shopping.signal.aborted; i++) {
        void checkout(i).catch(() => undefined);
        await sleep(250);
      }
    })();
    const canaryAlert = async () =>
      (await prometheus!.alerts()).find(
        (alert) => alert.labels['alertname'] === 'CanaryLatencyRegression',
      );
    try {
      prometheus = await startPrometheus((own) =>
        testPrometheusConfig({
          sourcePath: NATIVE_PROMETHEUS_CONFIG,
          targets: scrapeTargets(the().urls, own, the().supervisorUrl),
          scrapeInterval: '1s',
          evaluationInterval: '1s',
          timeScale: { factor: 10, rulesDir },
        }),
      );
      expect((await faultline(['deploy', 'payment', '0.2.0', '--canary', '50'])).code).toBe(0);
      // Found through the supervisor's discovery, scraped as a second target of job payment.
      const canary = await eventually(
        async () => (await prometheus!.query('up{job="payment",track="canary"} == 1'))[0]?.metric,
        (found) => found !== undefined,
        30_000,
        500,
      );
      expect(canary?.['instance']).toBe(new URL(the().canary.current()?.url ?? '').host);

      const fired = await eventually(
        canaryAlert,
        (alert) => alert?.state === 'firing',
        120_000,
        500,
      );
      expect(fired).toMatchObject({
        state: 'firing',
        labels: { job: 'payment', service_version: '0.2.0' },
      });

      expect((await faultline(['rollback', 'payment'])).code).toBe(0);
      expect(
        await eventually(canaryAlert, (alert) => alert === undefined, 120_000, 500),
      ).toBeUndefined();
      // The slot unlists the canary and stops it only after the discovery has dropped it: the
      // target is gone, and it was never scraped down on its way out.
      expect(await prometheus.query('up{job="payment",track="canary"}')).toEqual([]);
      const lowest = await prometheus.query('min_over_time(up{job="payment",track="canary"}[10m])');
      expect(lowest.map((sample) => sample.value)).toEqual([1]);
    } finally {
      shopping.abort();
      await shoppers;
      await prometheus?.stop();
      rmSync(rulesDir, { recursive: true, force: true });
    }
  }, 300_000);
});
