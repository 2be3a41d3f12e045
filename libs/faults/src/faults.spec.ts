import { AppError } from '@faultline/instrumented';
import { freshMetrics } from '@faultline/instrumented/testing';
import { createFaults } from './faults';

const gatewayErrors = {
  point: 'payment.gateway.charge',
  kind: 'error',
  probability: 0.3,
  params: { status: 503, code: 'gateway_unavailable' },
};

describe('createFaults', () => {
  const engines: ReturnType<typeof createFaults>[] = [];
  const engine = (options: Parameters<typeof createFaults>[0] = {}) => {
    const created = createFaults(options);
    engines.push(created);
    return created;
  };
  afterEach(() => {
    engines.splice(0).forEach((e) => {
      void e.close();
    });
  });

  it('applies a rule with defaults: an id, params of its kind, and an expiry an hour away', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const faults = engine({ clock: () => now });
    const rule = faults.apply({ point: 'payment.fraud', kind: 'cpu_burn' });
    expect(rule).toMatchObject({
      point: 'payment.fraud',
      kind: 'cpu_burn',
      probability: 1,
      params: { factor: 50 },
      match: {},
      until: '2026-11-22T11:00:00.000Z',
    });
    expect(rule.id).toMatch(/^payment\.fraud\.cpu_burn\.[0-9a-f]{6}$/);
    expect(faults.list()).toEqual([rule]);
  });

  it('types params by kind, filling defaults, and keeps the admin API key order', () => {
    const faults = engine();
    const rule = faults.apply({ point: 'http.server', kind: 'latency', params: { ms: 250 } });
    expect(Object.keys(rule)).toEqual([
      'id',
      'point',
      'kind',
      'probability',
      'params',
      'match',
      'until',
    ]);
    const fired = faults.check('http.server');
    if (fired?.kind !== 'latency') throw new Error('expected the latency rule to fire');
    const ms: number = fired.params.ms + fired.params.jitterMs;
    expect(ms).toBe(250);
  });

  it('fires only where every match key equals the context', () => {
    const faults = engine();
    faults.apply({
      point: 'payment.gateway.charge',
      kind: 'decline',
      match: { cardBrand: 'mastercard' },
    });
    expect(faults.check('payment.gateway.charge', { cardBrand: 'visa' })).toBeUndefined();
    expect(faults.check('payment.gateway.charge', {})).toBeUndefined();
    expect(faults.check('payment.gateway.charge', { cardBrand: 'mastercard' })?.kind).toBe(
      'decline',
    );
    expect(faults.check('payment.fraud', { cardBrand: 'mastercard' })).toBeUndefined();
  });

  it('fires with the rule probability (10 000 seeded rolls at 0.3 land within 0.28–0.32)', () => {
    const faults = engine({ seed: 42 });
    faults.apply(gatewayErrors);
    let fired = 0;
    for (let i = 0; i < 10_000; i++) if (faults.check('payment.gateway.charge')) fired++;
    expect(fired / 10_000).toBeGreaterThan(0.28);
    expect(fired / 10_000).toBeLessThan(0.32);
  });

  it('replays the same rolls for the same seed', () => {
    const rolls = (seed: number) => {
      const faults = engine({ seed });
      faults.apply(gatewayErrors);
      return Array.from({ length: 50 }, () => faults.check('payment.gateway.charge') !== undefined);
    };
    expect(rolls(7)).toEqual(rolls(7));
    expect(rolls(7)).not.toEqual(rolls(8));
  });

  it('expires a rule by itself once its duration has passed', () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const faults = engine({ clock: () => now });
    faults.apply({
      point: 'http.server',
      kind: 'latency',
      params: { ms: 100 },
      durationSeconds: 60,
    });
    expect(faults.check('http.server')).toBeDefined();
    now += 59_000;
    expect(faults.check('http.server')).toBeDefined();
    now += 1_000;
    expect(faults.check('http.server')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('removes one rule or clears them all', () => {
    const faults = engine();
    const a = faults.apply({ id: 'a', point: 'http.server', kind: 'connection_reset' });
    faults.apply({ id: 'b', point: 'payment.fraud', kind: 'cpu_burn' });
    expect(faults.remove(a.id)).toBe(true);
    expect(faults.remove(a.id)).toBe(false);
    expect(faults.list().map((r) => r.id)).toEqual(['b']);
    expect(faults.clear()).toBe(1);
    expect(faults.list()).toEqual([]);
  });

  it.each([
    [{ point: 'payment.teleporter', kind: 'error' }, 'point'],
    [{ point: 'http.server', kind: 'explode' }, 'kind'],
    [{ point: 'payment.fraud', kind: 'decline' }, 'kind'],
    [{ ...gatewayErrors, probability: 1.5 }, 'probability'],
    [{ ...gatewayErrors, probability: -0.1 }, 'probability'],
    [{ point: 'http.server', kind: 'latency', params: { ms: -5 } }, 'params.ms'],
    [{ point: 'http.server', kind: 'latency', params: {} }, 'params.ms'],
    [{ point: 'http.server', kind: 'error', params: { status: 200 } }, 'params.status'],
    [
      { point: 'http.server', kind: 'latency', params: { ms: 5 }, until: '2001-01-01T00:00:00Z' },
      'until',
    ],
    [
      { point: 'http.server', kind: 'latency', params: { ms: 5 }, durationSeconds: 0 },
      'durationSeconds',
    ],
    [{ point: 'http.server', kind: 'latency', params: { ms: 5 }, surprise: true }, '(body)'],
  ])('refuses %j with a 400 naming %s, and changes nothing', (input, field) => {
    const faults = engine();
    let thrown: unknown;
    try {
      faults.apply(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).invalidParams.map((p) => p.name)).toContain(field);
    expect(faults.list()).toEqual([]);
  });

  it('exposes active faults as faultline_fault_active{point,kind} when asked (the host’s stack)', async () => {
    const metrics = freshMetrics();
    const faults = engine({ metrics, exposeActive: true });
    faults.apply(gatewayErrors);
    faults.apply({ point: 'payment.gateway.charge', kind: 'error', params: { status: 502 } });
    expect(await metrics.registry.metrics()).toContain(
      'faultline_fault_active{point="payment.gateway.charge",kind="error"} 2',
    );
    faults.clear();
    expect(await metrics.registry.metrics()).not.toContain('faultline_fault_active{');
  });

  it('keeps the fault metric off the registry unless asked: an attendee’s /metrics holds no answer', async () => {
    for (const options of [{}, { exposeActive: false }]) {
      const metrics = freshMetrics();
      const faults = engine({ metrics, ...options });
      faults.apply(gatewayErrors);
      expect(faults.list()).toHaveLength(1);
      const exposed = await metrics.registry.metrics();
      expect(exposed).not.toContain('faultline_fault_active');
      expect(exposed).not.toContain('payment.gateway.charge');
    }
  });

  it('starts a process-level effect on apply and stops it on removal', () => {
    const faults = engine();
    const events: string[] = [];
    faults.onActivate('order.retry_worker', (rule) => {
      events.push(`start ${rule.kind}`);
      return () => events.push('stop');
    });
    const rule = faults.apply({ point: 'order.retry_worker', kind: 'stop_heartbeat' });
    expect(events).toEqual(['start stop_heartbeat']);
    faults.remove(rule.id);
    expect(events).toEqual(['start stop_heartbeat', 'stop']);
  });

  it('grows the heap with a memory leak and lets it go when cleared', async () => {
    const faults = engine();
    const before = process.memoryUsage().arrayBuffers;
    faults.apply({
      point: 'process.memory',
      kind: 'memory_leak',
      params: { mbPerMinute: 600, maxMb: 64 },
    });
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeGreaterThan(15 * 1024 * 1024);
    faults.clear();
  });
});
