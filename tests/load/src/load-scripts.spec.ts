import { randomUUID } from 'node:crypto';
import { check } from './k6-stand-in/k6';
import http from './k6-stand-in/http';
import { clearLedger, ledger, rejection } from './k6-stand-in/ledger';
import {
  durationSeconds,
  parseThresholdKey,
  scenarioProblems,
  thresholdProblems,
} from './support/k6-options';
import type { Stage } from './support/k6-options';
import { endpointMatches, loadScript, runIteration, scriptFiles } from './support/scripts';
import type { Iteration, ScriptModule } from './support/scripts';
import { useStandInStack } from './support/stand-in-stack';

// k6 cannot run here, so each script's iteration runs in Node against the real services, with a
// stand-in for k6's modules whose requests are real and synchronous, as k6's are.

const SCRIPTS = ['seasonal-sale.ts', 'shoppers.ts', 'smoke.ts'];
/** The scripts whose runs end, so k6 judges their thresholds; the shoppers' run never ends. */
const JUDGED = new Set(['seasonal-sale.ts', 'smoke.ts']);

const stack = useStandInStack('load', {
  env: { OTEL_SDK_DISABLED: 'true', GATEWAY_LATENCY_MEDIAN_MS: '5' },
});

/** Orders as the scripts place them: through the gateway's public API. */
const ordersUrl = (): string => `${stack().urls.gateway ?? ''}/api/v1/orders`;
const card = (cardNumber: string) => ({ cardNumber, expiry: '12/39', cvv: '123' });
const checkoutParams = (expected = http.expectedStatuses({ min: 200, max: 299 }, 402, 409)) => ({
  headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
  tags: { endpoint: 'POST /api/v1/orders', name: 'POST /api/v1/orders' },
  responseCallback: expected,
});

describe("the stand-in's bookkeeping", () => {
  beforeEach(clearLedger);

  it('reports a checkout with a malformed body as rejected, with what the service said', () => {
    const res = http.post(ordersUrl(), '{"customerId": "x", "items": [', checkoutParams());
    expect(res.status).toBe(400);
    expect(rejection(ledger.requests[0]!)).toMatch(/^POST .*\/orders: refused with 400: .+/);
  });

  it('reports a refusal as rejected even when the script declares it expected', () => {
    const body = JSON.stringify({ customerId: 'x', items: [], payment: card('4242424242424242') });
    http.post(ordersUrl(), body, checkoutParams(http.expectedStatuses(400, 422)));
    expect(ledger.requests[0]!.expected).toBe(true);
    expect(rejection(ledger.requests[0]!)).toMatch(/refused with 4\d\d/);
  });

  it('accepts a decline the script declares expected, and rejects one it does not', () => {
    const body = (key: string) =>
      JSON.stringify({
        customerId: `decline-${key}`,
        items: [{ productId: 'prd_03', quantity: 1 }],
        payment: card('4000000000000002'),
      });
    http.post(ordersUrl(), body('declared'), checkoutParams());
    http.post(ordersUrl(), body('default'), {
      ...checkoutParams(),
      responseCallback: undefined,
    });
    expect(ledger.requests.map((r) => r.status)).toEqual([402, 402]);
    expect(ledger.requests.map((r) => rejection(r) === undefined)).toEqual([true, false]);
  });

  it('reports a request that got no answer as rejected', () => {
    const res = http.get('http://127.0.0.1:9/api/v1/products', {
      tags: { endpoint: 'GET /api/v1/products' },
    });
    expect(res.status).toBe(0);
    expect(rejection(ledger.requests[0]!)).toMatch(/no answer/);
  });

  it('records a failed check', () => {
    expect(check(200, { 'is 201': (status) => status === 201, 'is 200': (s) => s === 200 })).toBe(
      false,
    );
    expect(ledger.checks.map((c) => [c.name, c.passed])).toEqual([
      ['is 201', false],
      ['is 200', true],
    ]);
  });
});

describe('the k6 scripts in load-tests/', () => {
  it('are the three this suite knows (a new one needs its purpose checked below)', () => {
    expect(scriptFiles()).toEqual(SCRIPTS);
  });
});

describe.each(SCRIPTS)('%s, one iteration of each scenario against the real services', (file) => {
  let script: ScriptModule;
  const iterations = new Map<string, Iteration>();

  beforeAll(() => {
    script = loadScript(file);
    // Fixed dice at 0.05, under every script's checkout share: the shopper buys one unit of the
    // first product it opens (lib/visit-mix.ts: one cart line, quantity 1, no other page) and pays
    // with a good card, so the iteration reaches every endpoint.
    const dice = jest.spyOn(Math, 'random').mockReturnValue(0.05);
    try {
      for (const scenario of Object.keys(script.options?.scenarios ?? {})) {
        iterations.set(scenario, runIteration(script, scenario));
      }
    } finally {
      dice.mockRestore();
    }
  });

  const requests = () => [...iterations.values()].flatMap((i) => i.requests);
  const endpoints = () => new Set(requests().map((r) => r.tags['endpoint']));

  it('has scenarios, and k6 would accept every one of them', () => {
    const scenarios = script.options?.scenarios ?? {};
    expect(Object.keys(scenarios).length).toBeGreaterThan(0);
    expect(
      Object.entries(scenarios).flatMap(([name, config]) => scenarioProblems(name, config, script)),
    ).toEqual([]);
  });

  it('makes requests the services accept (402 and 409 only where the script expects them)', () => {
    for (const [scenario, iteration] of iterations) {
      expect([scenario, iteration.requests.length > 0]).toEqual([scenario, true]);
    }
    expect(requests().flatMap((r) => rejection(r) ?? [])).toEqual([]);
  });

  it('checks every answer, and every check passes', () => {
    for (const iteration of iterations.values()) {
      expect(iteration.checks.length).toBeGreaterThanOrEqual(iteration.requests.length);
    }
    const failed = [...iterations.values()].flatMap((i) => i.checks.filter((c) => !c.passed));
    expect(failed.map((c) => c.name)).toEqual([]);
  });

  it('tags every request with its endpoint, and names it the same so ids make no new series', () => {
    expect(endpoints()).toContain('POST /api/v1/orders');
    for (const { method, url, tags } of requests()) {
      expect({ url, tags }).toEqual({
        url,
        tags: { endpoint: expect.any(String), name: tags['endpoint'] },
      });
      expect([tags['endpoint'], endpointMatches(tags['endpoint']!, method, url)]).toEqual([
        tags['endpoint'],
        true,
      ]);
    }
  });

  it('has thresholds k6 accepts, that fail the run, on endpoints the script tags (none on a run with no end)', () => {
    const thresholds = script.options?.thresholds ?? {};
    if (!JUDGED.has(file)) {
      expect(thresholds).toEqual({});
      return;
    }
    expect(Object.keys(thresholds)).toEqual(expect.arrayContaining(['http_req_failed', 'checks']));
    expect(thresholdProblems(thresholds, ledger.metrics)).toEqual([]);
    const perEndpoint = Object.keys(thresholds)
      .map((key) => parseThresholdKey(key))
      .filter((parsed) => 'endpoint' in parsed.tags);
    expect(perEndpoint.map((p) => p.metric)).toContain('http_req_duration');
    for (const { tags } of perEndpoint) expect(endpoints()).toContain(tags['endpoint']);
    for (const endpoint of endpoints()) {
      const durations = (thresholds[`http_req_duration{endpoint:${endpoint}}`] ?? []).map((t) =>
        typeof t === 'string' ? t : t.threshold,
      );
      expect([endpoint, durations.join(' ')]).toEqual([
        endpoint,
        expect.stringMatching(/p\(95\).*p\(99\)/),
      ]);
    }
  });
});

describe("a shopper's declined card", () => {
  it('is an answer the scripts expect: smoke.ts with dice at 0.97 pays for a four-product cart with the insufficient-funds card', () => {
    const dice = jest.spyOn(Math, 'random').mockReturnValue(0.97);
    const post = jest.spyOn(http, 'post');
    let iteration: Iteration;
    let bodies: unknown[];
    try {
      iteration = runIteration(loadScript('smoke.ts'), 'smoke');
    } finally {
      bodies = post.mock.calls.map(([, body]) => body); // before mockRestore clears them
      dice.mockRestore();
      post.mockRestore();
    }
    // Dice at 0.97 (lib/visit-mix.ts): four cart lines of two units each, four pages browsed
    // besides them, and the last card of the mix.
    expect(iteration.requests.map((r) => [r.tags['endpoint'], r.status])).toEqual([
      ['GET /api/v1/products', 200],
      ...Array.from({ length: 8 }, () => ['GET /api/v1/products/:id', 200]),
      ['POST /api/v1/orders', 402],
    ]);
    const items = JSON.parse(String(bodies[0])).items;
    expect(items).toEqual(
      Array.from({ length: 4 }, () => ({ productId: expect.any(String), quantity: 2 })),
    );
    expect(new Set(items.map((item: { productId: string }) => item.productId)).size).toBe(4);
    expect(iteration.requests.flatMap((r) => rejection(r) ?? [])).toEqual([]);
    expect(iteration.checks.filter((c) => !c.passed)).toEqual([]);
    expect(iteration.samples).toEqual([
      { metric: 'shop_checkouts', value: 1, tags: { outcome: 'declined' } },
    ]);
  });
});

describe('what each script is for', () => {
  const scenarios = (file: string) => Object.values(loadScript(file).options?.scenarios ?? {});

  it('shoppers.ts: a steady arrival rate that runs until stopped (the compose background)', () => {
    const [steady, ...others] = scenarios('shoppers.ts');
    expect(others).toEqual([]);
    expect(steady).toMatchObject({ executor: 'constant-arrival-rate', timeUnit: '1s' });
    expect(durationSeconds(steady!['duration'])).toBeGreaterThanOrEqual(7 * 24 * 3600);
  });

  it('seasonal-sale.ts: the doors open at once — the crowd from the first second, held, then thinning out to none', () => {
    const [sale, ...others] = scenarios('seasonal-sale.ts');
    expect(others).toEqual([]);
    expect(sale).toMatchObject({ executor: 'ramping-arrival-rate', timeUnit: '1s' });
    const crowd = sale!['startRate'] as number;
    const [held, ...after] = sale!['stages'] as Stage[];
    expect(crowd).toBeGreaterThan(0);
    expect(held?.target).toBe(crowd);
    expect(durationSeconds(held?.duration)).toBeGreaterThanOrEqual(5 * 60);
    for (const stage of after) expect(stage.target).toBeLessThan(crowd);
    expect(after.at(-1)?.target).toBe(0);
    // Every VU ready before the doors open: the step itself drops no visit.
    expect(sale!['preAllocatedVUs']).toBe(sale!['maxVUs']);
  });

  it.each([...JUDGED])(
    '%s: says as it ends that exit code 99 is a failed threshold, under a fault the fault showing',
    (file) => {
      const said: unknown[][] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((...data) => said.push(data));
      try {
        const teardown = loadScript(file)['teardown'];
        expect(typeof teardown).toBe('function');
        (teardown as () => void)();
      } finally {
        log.mockRestore();
      }
      const text = said.flat().join('\n');
      expect(text).toMatch(/exits with code 99/);
      expect(text).toMatch(/fault showing/);
    },
  );

  it('smoke.ts: one virtual user for well under a minute', () => {
    const [smoke, ...others] = scenarios('smoke.ts');
    expect(others).toEqual([]);
    expect(smoke).toMatchObject({ executor: 'constant-vus', vus: 1 });
    expect(durationSeconds(smoke!['duration'])).toBeLessThanOrEqual(60);
  });
});
