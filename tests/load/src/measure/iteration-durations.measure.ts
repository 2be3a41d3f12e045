/**
 * `npx nx run @faultline/load-test-checks:measure`: how long one iteration of each k6 script takes
 * against the real services, normally and with the card gateway slowed, and so how many virtual
 * users k6's arrival-rate executors need (Little's law: VUs in use ≈ arrival rate × iteration
 * time, sleeps included). load-tests/README.md and the k6 services' mem_limit in
 * docker-compose.yml are sized from what this prints. It measures; it asserts only that the
 * iterations ran as the scripts mean them to (every answer one the script expects).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { rejection } from '../k6-stand-in/ledger';
import type { Stage } from '../support/k6-options';
import { loadScript, runIteration } from '../support/scripts';
import { useStandInStack } from '../support/stand-in-stack';

const ADMIN_TOKEN = randomBytes(12).toString('hex');
/** Iterations per script and condition: the think time alone (0–1 s) needs a few dozen. */
const ITERATIONS = Number(process.env['MEASURE_ITERATIONS'] ?? '30');

/** The conditions measured: the payment fault rules applied for each (none: the shop as it is). */
const CONDITIONS: { name: string; rules: object[] }[] = [
  { name: 'normal', rules: [] },
  {
    // scenarios/payment-gateway-slow.yaml as shipped: past order's 2 s payment timeout, so the
    // breaker to payment opens and later checkouts come back payment_pending at once.
    name: 'payment-gateway-slow (2.5–3.5 s)',
    rules: [
      {
        point: 'payment.gateway.charge',
        kind: 'latency',
        probability: 1,
        params: { ms: 2500, jitterMs: 1000 },
      },
    ],
  },
  {
    // The worst slow payment for k6: just under the 2 s timeout, so every checkout waits and the
    // breaker never opens.
    name: 'payment slow under the timeout (1.9 s)',
    rules: [
      { point: 'payment.gateway.charge', kind: 'latency', probability: 1, params: { ms: 1900 } },
    ],
  },
];

interface Scenario {
  executor: string;
  rate?: number;
  startRate?: number;
  stages?: Stage[];
  maxVUs?: number;
}

/** The arrival rate (per second) a scenario peaks at. */
function peakRate(scenario: Scenario): number {
  const targets = (scenario.stages ?? []).map((stage) => stage.target);
  return Math.max(scenario.rate ?? 0, scenario.startRate ?? 0, ...targets);
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

const stack = useStandInStack('measure', {
  watcher: false,
  env: { OTEL_SDK_DISABLED: 'true', FAULT_ADMIN_TOKEN: ADMIN_TOKEN },
});

async function applyFaults(rules: object[]): Promise<void> {
  const faults = `${stack().urls.payment}/admin/faults`;
  // A fresh connection each time: the iterations block this thread for minutes, long enough for
  // the service to close a kept-alive one under undici's feet ("other side closed").
  const headers = {
    authorization: `Bearer ${ADMIN_TOKEN}`,
    'content-type': 'application/json',
    connection: 'close',
  };
  expect((await fetch(faults, { method: 'DELETE', headers })).ok).toBe(true);
  for (const rule of rules) {
    const applied = await fetch(faults, { method: 'POST', headers, body: JSON.stringify(rule) });
    expect(applied.status).toBe(201);
  }
}

describe.each(['shoppers.ts', 'seasonal-sale.ts'])('%s', (file) => {
  it.each(CONDITIONS)(
    'iteration time and VUs needed: $name',
    async ({ name, rules }) => {
      await applyFaults(rules);
      const script = loadScript(file);
      const [scenarioName, scenario] = Object.entries(script.options?.scenarios ?? {})[0] ?? [];
      if (scenarioName === undefined || scenario === undefined) throw new Error('no scenario');
      const seconds: number[] = [];
      const statuses = new Map<string, number>();
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        const iteration = runIteration(script, scenarioName);
        seconds.push((performance.now() - started) / 1000);
        expect(iteration.requests.flatMap((r) => rejection(r) ?? [])).toEqual([]);
        for (const r of iteration.requests) {
          const key = `${r.tags['endpoint']} ${r.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }
      }
      await applyFaults([]);

      const sorted = [...seconds].sort((a, b) => a - b);
      const mean = seconds.reduce((sum, s) => sum + s, 0) / seconds.length;
      const rate = peakRate(scenario);
      const maxVUs = scenario['maxVUs'];
      const checkouts = [...statuses]
        .filter(([key]) => key.startsWith('POST /api/v1/orders'))
        .map(([key, count]) => `${key.slice('POST /api/v1/orders '.length)}×${count}`)
        .join(' ');
      process.stdout.write(
        [
          `${file} — ${name}: ${ITERATIONS} iterations`,
          `  iteration s: mean ${mean.toFixed(2)}  p50 ${quantile(sorted, 0.5).toFixed(2)}` +
            `  p95 ${quantile(sorted, 0.95).toFixed(2)}  max ${quantile(sorted, 1).toFixed(2)}`,
          `  checkout answers: ${checkouts}`,
          `  at ${rate}/s: VUs in use ≈ ${(rate * mean).toFixed(1)} (mean)` +
            `, ≤ ${Math.ceil(rate * quantile(sorted, 1))} (every iteration as slow as the slowest)` +
            `; maxVUs ${String(maxVUs)}`,
          '',
        ].join('\n'),
      );
      expect(seconds).toHaveLength(ITERATIONS);
    },
    600_000,
  );
});
