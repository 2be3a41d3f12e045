import type { LoadPhaseResult, ModeRun } from './load-phase';
import { rotation } from './load-phase';
import type { LoadShape } from './load-result';
import { headline, headlineLines, pairedRatio } from './report';
import type { Mode } from './stacks';

function run(mode: Mode, shape: LoadShape, repetition: number, throughput: number, p99: number) {
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
    cpuSeconds: { order: 1 },
    postgresCpuSeconds: 1,
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
    expect(headlineLines(headline(phase))).toEqual(['throughput ratio: 0.91', 'p99 ratio: 1.20']);
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
