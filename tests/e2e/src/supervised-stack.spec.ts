import { randomBytes, randomUUID } from 'node:crypto';
import { dropDatabase } from '@faultline/postgres';
import {
  DATABASE_NAMES,
  databaseUrlFor,
  NATIVE_PROMETHEUS_CONFIG,
  PROCESS_NAMES,
  scrapeTargets,
  startPrometheus,
  startStack,
  testPrometheusConfig,
} from '@faultline/stack';
import type { ProcessName, Stack } from '@faultline/stack';
import { isRunning, servicePidsWithPrefix } from './support/service-pids';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `name{labels} value` lines of a Prometheus text exposition, by series. */
async function scrape(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [
        line.slice(0, line.lastIndexOf(' ')),
        Number(line.slice(line.lastIndexOf(' ') + 1)),
      ]),
  );
}

async function checkout(orderUrl: string): Promise<number> {
  const res = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      customerId: 'supervised-1',
      items: [{ productId: 'prd_03', quantity: 1 }],
      payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
    }),
  });
  return res.status;
}

describe('startStack with supervise (what npm start runs)', () => {
  const prefix = `e2e_sup_${randomBytes(3).toString('hex')}_`;
  const supervisorLines: string[] = [];
  let stack: Stack | undefined;
  const everyPid = new Set<number>();

  beforeAll(async () => {
    stack = await startStack({
      ports: 'ephemeral',
      databasePrefix: prefix,
      postgresUrl: POSTGRES,
      supervise: { minBackoffMs: 200 },
      // As npm start runs it: the edge gateway in front, the watcher behind.
      gateway: true,
      env: { OTEL_SDK_DISABLED: 'true', GATEWAY_LATENCY_MEDIAN_MS: '5' },
      onLine: (source, line) => {
        if (source === 'supervisor') supervisorLines.push(line);
      },
    });
    for (const name of PROCESS_NAMES) everyPid.add(stack.services[name]!.pid);
  }, 90_000);

  afterAll(async () => {
    try {
      await stack?.stop();
    } finally {
      // By name: a stack that failed half-way through starting leaves nothing behind either.
      for (const name of Object.values(DATABASE_NAMES)) {
        await dropDatabase(databaseUrlFor(POSTGRES, `${prefix}${name}`));
      }
    }
  }, 60_000);

  it('brings payment back on the same URL after kill -9, says so, and counts the restart', async () => {
    const running = stack!;
    const victim = running.services.payment;
    const url = running.urls.payment;
    const killedAt = performance.now();
    process.kill(victim.pid, 'SIGKILL');
    // The old process's exit first: until the supervisor has seen it, whenReady answers for it.
    await victim.exited;
    await running.whenReady('payment');
    const restartMs = performance.now() - killedAt;
    process.stdout.write(`payment ready again ${restartMs.toFixed(0)} ms after kill -9\n`);

    const replacement = running.services.payment;
    everyPid.add(replacement.pid);
    expect(replacement.pid).not.toBe(victim.pid);
    expect(isRunning(victim.pid)).toBe(false);
    expect(replacement.url).toBe(url);
    expect(running.urls.payment).toBe(url);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    // order still holds payment's old URL: a checkout only pays if payment is back on it.
    expect(await checkout(running.urls.order)).toBe(201);

    expect(supervisorLines).toContainEqual(
      `payment (pid ${victim.pid}) exited (code null, signal SIGKILL); restarting in 200 ms (restart 1)`,
    );
    expect(supervisorLines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^payment is back on ${url} \\(pid ${replacement.pid}, restart 1, down \\d+ ms\\)$`,
        ),
      ),
    );
    expect(running.restarts()).toEqual({
      catalog: 0,
      inventory: 0,
      payment: 1,
      order: 0,
      watcher: 0,
      gateway: 0,
    });
    expect(running.supervisorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metrics = await scrape(running.supervisorUrl!);
    for (const name of PROCESS_NAMES) {
      expect({
        name,
        restarts: metrics[`faultline_service_restarts_total{service="${name}"}`],
      }).toEqual({
        name,
        restarts: name === 'payment' ? 1 : 0,
      });
      expect({ name, up: metrics[`faultline_service_up{service="${name}"}`] }).toEqual({
        name,
        up: 1,
      });
    }
  });

  it('is scraped by a real Prometheus running native.yml: restarts and up per service', async () => {
    const running = stack!;
    const prometheus = await startPrometheus((own) =>
      testPrometheusConfig({
        sourcePath: NATIVE_PROMETHEUS_CONFIG,
        targets: scrapeTargets(running.urls, own, running.supervisorUrl),
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      }),
    );
    try {
      const bySeries = async (expr: string): Promise<Record<string, number>> =>
        Object.fromEntries(
          (await prometheus.query(expr)).map(
            (sample) => [sample.metric['service'] ?? '', sample.value] as const,
          ),
        );
      const deadline = Date.now() + 20_000;
      while ((await prometheus.query('up{job="supervisor"} == 1')).length === 0) {
        if (Date.now() > deadline) throw new Error('Prometheus never scraped the supervisor');
        await sleep(250);
      }
      expect(await bySeries('faultline_service_restarts_total{job="supervisor"}')).toEqual({
        catalog: 0,
        inventory: 0,
        payment: 1,
        order: 0,
        watcher: 0,
        gateway: 0,
      });
      expect(await bySeries('faultline_service_up{job="supervisor"}')).toEqual({
        catalog: 1,
        inventory: 1,
        payment: 1,
        order: 1,
        watcher: 1,
        gateway: 1,
      });
    } finally {
      await prometheus.stop();
    }
  });

  it('on stop, ends every process it ever started and restarts none of them', async () => {
    const running = stack!;
    const urls = Object.values(running.urls);
    const linesBefore = supervisorLines.length;
    const restartsBefore = running.restarts();
    expect(servicePidsWithPrefix(prefix).sort()).toEqual(
      PROCESS_NAMES.map((name: ProcessName) => running.services[name]!.pid).sort(),
    );

    await running.stop();
    // Longer than the backoff: a restart scheduled by the stop's own exits would have begun.
    await sleep(1000);

    for (const pid of everyPid)
      expect({ pid, running: isRunning(pid) }).toEqual({ pid, running: false });
    expect(servicePidsWithPrefix(prefix)).toEqual([]);
    expect(supervisorLines.slice(linesBefore)).toEqual([]);
    expect(running.restarts()).toEqual(restartsBefore);
    for (const url of [...urls, running.supervisorUrl!]) {
      await expect(fetch(`${url}/metrics`)).rejects.toThrow('fetch failed');
    }
    await expect(running.whenReady('order')).rejects.toThrow('order is stopped');
  });

  it('stopped while a restart is under way, leaves no process behind', async () => {
    const second = `e2e_sup_${randomBytes(3).toString('hex')}_`;
    const lines: string[] = [];
    const other = await startStack({
      ports: 'ephemeral',
      databasePrefix: second,
      postgresUrl: POSTGRES,
      supervise: { minBackoffMs: 50 },
      env: { OTEL_SDK_DISABLED: 'true' },
      onLine: (source, line) => {
        if (source === 'supervisor') lines.push(line);
      },
    });
    try {
      const victim = other.services.catalog;
      process.kill(victim.pid, 'SIGKILL');
      // The replacement is spawned but not yet ready: stop now.
      const deadline = Date.now() + 5000;
      while (other.restarts().catalog === 0 && Date.now() < deadline) await sleep(5);
      expect(other.restarts().catalog).toBe(1);
      await other.stop();
      await sleep(500);
      expect(servicePidsWithPrefix(second)).toEqual([]);
      expect(lines.filter((line) => line.includes('is back on'))).toEqual([]);
      await expect(fetch(`${other.urls.catalog}/health/ready`)).rejects.toThrow('fetch failed');
    } finally {
      await other.stop();
      for (const name of Object.values(DATABASE_NAMES)) {
        await dropDatabase(databaseUrlFor(POSTGRES, `${second}${name}`));
      }
    }
  }, 90_000);
});

describe('startStack with supervise, when a service fails its first start', () => {
  const prefix = `e2e_sup_${randomBytes(3).toString('hex')}_`;
  afterAll(async () => {
    for (const pid of servicePidsWithPrefix(prefix)) process.kill(pid, 'SIGKILL');
    for (const name of Object.values(DATABASE_NAMES)) {
      await dropDatabase(databaseUrlFor(POSTGRES, `${prefix}${name}`));
    }
  }, 60_000);

  it('rejects as without supervise, restarts nothing, and leaves none of the others running', async () => {
    const lines: string[] = [];
    await expect(
      startStack({
        ports: 'ephemeral',
        databasePrefix: prefix,
        postgresUrl: POSTGRES,
        supervise: { minBackoffMs: 50 },
        env: { OTEL_SDK_DISABLED: 'true' },
        // Refused by catalog's config at once, while inventory and payment are still starting.
        serviceEnv: { catalog: { PORT: 'not-a-port' } },
        onLine: (source, line) => {
          if (source === 'supervisor') lines.push(line);
        },
      }),
    ).rejects.toThrow('catalog exited (code 1, signal null) before listening');
    await sleep(500);
    expect(servicePidsWithPrefix(prefix)).toEqual([]);
    expect(lines).toEqual([]);
  }, 90_000);
});
