import { createFaults, faultInjection } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { stackAdmin } from './fault-admin';
import {
  PaceError,
  endRun,
  extendRun,
  planEndMs,
  planTimeline,
  runTimeline,
  timelineSeconds,
} from './timeline';
import type { Timeline } from './timeline';

const TOKEN = 'timeline';

const TWO_FAULTS: Timeline<'payment' | 'order'> = {
  name: 'two-step',
  faults: [
    {
      service: 'order',
      startAfterSeconds: 60,
      durationSeconds: 120,
      rule: { point: 'order.payment_client', kind: 'latency', params: { ms: 5 } },
    },
    {
      service: 'payment',
      startAfterSeconds: 0,
      durationSeconds: 300,
      rule: { point: 'payment.fraud', kind: 'cpu_burn' },
    },
  ],
};

describe('planTimeline', () => {
  it('plays a timeline as written: in start order, ids numbered as written', () => {
    expect(timelineSeconds(TWO_FAULTS)).toBe(300);
    expect(planTimeline(TWO_FAULTS)).toEqual([
      {
        service: 'payment',
        atMs: 0,
        rule: { point: 'payment.fraud', kind: 'cpu_burn', id: 'two-step.2', durationSeconds: 300 },
      },
      {
        service: 'order',
        atMs: 60_000,
        rule: expect.objectContaining({ id: 'two-step.1', durationSeconds: 120 }),
      },
    ]);
  });

  it('divides every start and duration by --speed, and fits the whole run to --duration', () => {
    const twice = planTimeline(TWO_FAULTS, { speed: 2 });
    expect(twice.map((f) => [f.atMs, f.rule.durationSeconds])).toEqual([
      [0, 150],
      [30_000, 60],
    ]);
    const tutorial = planTimeline(TWO_FAULTS, { durationSeconds: 900 });
    expect(planEndMs(tutorial)).toBe(900_000);
    expect(tutorial.map((f) => [f.atMs, f.rule.durationSeconds])).toEqual([
      [0, 900],
      [180_000, 360],
    ]);
  });

  it('refuses a pace it cannot play, naming the option', () => {
    expect(() => planTimeline(TWO_FAULTS, { speed: 0 })).toThrow(
      new PaceError('--speed must be a number above 0 (got 0)'),
    );
    expect(() => planTimeline(TWO_FAULTS, { durationSeconds: -5 })).toThrow(/--duration must be/);
    expect(() => planTimeline(TWO_FAULTS, { speed: 2, durationSeconds: 60 })).toThrow(
      'give --speed or --duration, not both',
    );
  });
});

describe('runTimeline, endRun and extendRun against real /admin/faults', () => {
  const engines: Record<'payment' | 'order', Faults> = {
    payment: createFaults(),
    order: createFaults(),
  };
  const apps: ListeningApp[] = [];
  let admins: ReturnType<typeof stackAdmin<'payment' | 'order'>>;

  beforeAll(async () => {
    const urls: Record<string, string> = {};
    for (const [name, engine] of Object.entries(engines)) {
      const logger = createLogger({ service: name, destination: captureLogs().destination });
      const app = await listenForTest(
        createServiceApp(
          { logger, metrics: freshMetrics(), ...faultInjection({ engine, adminToken: TOKEN }) },
          () => undefined,
        ),
      );
      apps.push(app);
      urls[name] = app.url;
    }
    admins = stackAdmin(urls as Record<'payment' | 'order', string>, TOKEN);
  });
  afterAll(async () => {
    await Promise.all(Object.values(engines).map((engine) => engine.close()));
    await Promise.all(apps.map((app) => app.close()));
  });
  afterEach(() => {
    for (const engine of Object.values(engines)) engine.clear();
  });

  it('applies each fault when its time comes, and ends when someone else ends the run', async () => {
    // 120x: payment at once for 2.5 s, order 500 ms in for 1 s.
    const plan = planTimeline(TWO_FAULTS, { speed: 120 });
    const applied: string[] = [];
    const began = Date.now();
    const run = runTimeline(plan, admins, {
      signal: new AbortController().signal,
      pollMs: 100,
      onApplied: (fault, rule) => applied.push(`${fault.service}:${rule.id}`),
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(applied).toEqual(['payment:two-step.2', 'order:two-step.1']);
    expect(engines.order.list().map((r) => r.id)).toEqual(['two-step.1']);
    expect(await endRun('two-step', admins)).toBe(2);
    expect(await run).toEqual({ stopped: false, applied: 2 });
    // Ended well before its last fault's 2.5 s.
    expect(Date.now() - began).toBeLessThan(2000);
    expect(await endRun('two-step', admins)).toBe(0);
  });

  it('keeps going while extended, and ends when the extended faults expire', async () => {
    const plan = planTimeline(TWO_FAULTS, { durationSeconds: 1 });
    const began = Date.now();
    const run = runTimeline(plan, admins, { signal: new AbortController().signal, pollMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const extended = await extendRun('two-step', admins, 1);
    expect(extended.map(({ service, rule }) => `${service}:${rule.id}`).sort()).toEqual([
      'order:two-step.1',
      'payment:two-step.2',
    ]);
    expect(await run).toEqual({ stopped: false, applied: 2 });
    expect(Date.now() - began).toBeGreaterThanOrEqual(1900);
    expect(engines.payment.list()).toEqual([]);
  });

  it('removes what it applied when aborted, and nothing it did not apply', async () => {
    await admins.payment.apply({
      id: 'by-hand',
      point: 'http.server',
      kind: 'latency',
      params: { ms: 1 },
    });
    const controller = new AbortController();
    const run = runTimeline(planTimeline(TWO_FAULTS), admins, {
      signal: controller.signal,
      pollMs: 100,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      engines.payment
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['by-hand', 'two-step.2']);
    controller.abort();
    expect(await run).toEqual({ stopped: true, applied: 1 });
    expect(engines.payment.list().map((r) => r.id)).toEqual(['by-hand']);
    expect(engines.order.list()).toEqual([]);
  });

  it('refuses to extend by a duration that is not one', async () => {
    await expect(extendRun('two-step', admins, 0)).rejects.toThrow(PaceError);
  });
});
