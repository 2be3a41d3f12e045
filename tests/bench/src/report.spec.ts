import type { LoadPhaseResult, ModeRun } from './load-phase';
import { rotation } from './load-phase';
import type { LoadShape } from './load-result';
import type { LaptopRun } from './load-phase';
import { headline, headlineLines, laptopLines, pairedRatio } from './report';
import type { Mode } from './stacks';

function run(
  mode: Mode,
  shape: LoadShape,
  repetition: number,
  throughput: number,
  p99: number,
  cpu = { order: 1, postgres: 1 },
) {
  return {
    mode,
    shape,
    repetition,
    result: {
      shape,
      seconds: 1,
      statuses: { '201': throughput },
      non2xx: 0,
      failed: 0,
      throughput,
      latency: { p50: p99 / 2, p95: p99, p99, max: p99 },
    },
    cpuSeconds: { order: cpu.order },
    postgresCpuSeconds: cpu.postgres,
    receiverCpuSeconds: 0,
    generatorCpuSeconds: 0,
    machineBusy: 1,
    peakRss: {},
    errorLogLines: 0,
    checkoutsStarted: throughput,
  } satisfies ModeRun;
}

const load = (runs: ModeRun[]): LoadPhaseResult => ({ runs }) as unknown as LoadPhaseResult;

describe('overhead ratios', () => {
  it('pairs the instrumented and uninstrumented runs of the same repetition, then takes the median', () => {
    const phase = load([
      run('telemetry', 'concurrency', 0, 80, 0),
      run('off', 'concurrency', 0, 100, 0),
      run('telemetry', 'concurrency', 1, 45, 0),
      run('off', 'concurrency', 1, 50, 0),
      run('telemetry', 'concurrency', 2, 70, 0),
      run('off', 'concurrency', 2, 100, 0),
    ]);
    // 0.8, 0.9 and 0.7: paired, not 65 ÷ 100 from the medians of each mode.
    expect(pairedRatio(phase, 'concurrency', (r) => r.result.throughput)).toBeCloseTo(0.8);
  });

  it('prints the headline lines in the form the documentation quotes', () => {
    const phase = load([
      run('telemetry', 'concurrency', 0, 91, 0),
      run('off', 'concurrency', 0, 100, 0),
      run('telemetry', 'rate', 0, 50, 24),
      run('off', 'rate', 0, 50, 20),
    ]);
    expect(headlineLines(headline(phase))).toEqual([
      'throughput ratio: 0.91',
      'p99 ratio: 1.20',
      'CPU ratio: 1.00',
    ]);
  });

  it('takes the CPU ratio per checkout started at the fixed rate, services and PostgreSQL together', () => {
    const phase = load([
      // 50 checkouts: (2 + 1) s ÷ 50 = 60 ms against (1.5 + 0.5) s ÷ 50 = 40 ms.
      run('telemetry', 'rate', 0, 50, 24, { order: 2, postgres: 1 }),
      run('off', 'rate', 0, 50, 20, { order: 1.5, postgres: 0.5 }),
      // Fixed concurrency is left out of the CPU ratio: its in-flight checkouts blur it.
      run('telemetry', 'concurrency', 0, 100, 0, { order: 9, postgres: 9 }),
      run('off', 'concurrency', 0, 100, 0, { order: 1, postgres: 1 }),
    ]);
    expect(headline(phase).cpuRatio).toBeCloseTo(1.5);
  });
});

describe('the laptop figure', () => {
  const laptopRun = (gateway: number, order: number, postgres: number): LaptopRun => ({
    seconds: 20,
    cpuSeconds: { gateway, catalog: 0.2, inventory: 0.2, payment: 0.2, order },
    postgresCpuSeconds: postgres,
    visits: { started: 320, answered: 900, non2xx: 1, failed: 0, statuses: {} },
  });

  it('gives each process and the total as percent of one core over the measured seconds', () => {
    const lines = laptopLines({
      load: { visitRate: 16, checkoutShare: 0.15 },
      runs: { telemetry: laptopRun(1, 2, 1.4), off: laptopRun(0.5, 1, 1) },
    });
    expect(lines[0]).toContain('16 visits/s, 15% check out');
    // telemetry: (1 + 0.6 + 2 + 1.4) s over 20 s = 25% of one core; off: (0.5 + 0.6 + 1 + 1) = 15.5%.
    expect(lines).toContain(
      '| full telemetry | 5.0 | 1.0 | 1.0 | 1.0 | 10.0 | 7.0 | 25.0 | 900, 1, 0 |',
    );
    expect(lines).toContain(
      '| telemetry off | 2.5 | 1.0 | 1.0 | 1.0 | 5.0 | 5.0 | 15.5 | 900, 1, 0 |',
    );
  });
});

describe('mode order', () => {
  it('rotates so that every mode runs first once in three repetitions', () => {
    expect([0, 1, 2].map((repetition) => rotation(repetition)[0])).toEqual([
      'telemetry',
      'off',
      'bare',
    ]);
  });
});
