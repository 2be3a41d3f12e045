import { SERVICE_NAMES } from '@faultline/stack';
import type { AlertResult } from './alert';
import type { LaptopResult, LoadPhaseResult, ModeRun } from './load-phase';
import { laptopCpuPercent } from './load-phase';
import type { LoadShape } from './load-result';
import { problemsOf } from './load-result';
import type { Machine } from './machine';
import type { BenchOptions } from './options';
import type { Mode } from './stacks';
import { BENCH_PROCESSES, MODE_LABELS } from './stacks';
import type { MemoryResult } from './memory';
import type { StartupResult } from './startup';
import { median } from './stats';

export interface BenchResults {
  startedAt: string;
  options: BenchOptions;
  machine: Machine;
  startup?: StartupResult;
  load?: LoadPhaseResult;
  alert?: AlertResult;
  memory?: MemoryResult;
  /** Phases that failed, with the reason: reported, never dropped silently. */
  failures: string[];
}

const MODES: Mode[] = ['telemetry', 'off', 'bare'];
const mb = (bytes: number | undefined): string =>
  bytes === undefined || !Number.isFinite(bytes) ? '–' : (bytes / 2 ** 20).toFixed(0);
const fixed = (value: number | undefined, digits = 1): string =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '–';
const seconds = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)} s` : '–');

const runsOf = (load: LoadPhaseResult, mode: Mode, shape: LoadShape): ModeRun[] =>
  load.runs.filter((run) => run.mode === mode && run.shape === shape);

/** Per checkout started (answered, failed, or in flight when a fixed-concurrency run stopped). */
const perCheckoutMs = (run: ModeRun, cpuSeconds: number): number =>
  (cpuSeconds * 1000) / Math.max(1, run.checkoutsStarted);

const serviceCpu = (run: ModeRun): number =>
  Object.values(run.cpuSeconds).reduce((sum, s) => sum + s, 0);

/** The gateway's, the services' and their PostgreSQL backends' CPU per checkout, in ms. */
const stackCpuMsPerCheckout = (run: ModeRun): number =>
  perCheckoutMs(run, serviceCpu(run) + run.postgresCpuSeconds);

/** Median over repetitions of instrumented ÷ uninstrumented, each pair taken in one repetition. */
export function pairedRatio(
  load: LoadPhaseResult,
  shape: LoadShape,
  figure: (run: ModeRun) => number,
): number {
  const off = runsOf(load, 'off', shape);
  return median(
    runsOf(load, 'telemetry', shape).map((run) => {
      const pair = off.find((o) => o.repetition === run.repetition);
      return pair ? figure(run) / figure(pair) : Number.NaN;
    }),
  );
}

export interface Headline {
  /** Checkouts/s at fixed concurrency. */
  throughputRatio: number;
  /** p99 at the sustainable fixed rate. */
  p99Ratio: number;
  p99RatioConcurrency: number;
  /** CPU per checkout (services + PostgreSQL) at the sustainable fixed rate. */
  cpuRatio: number;
}

export function headline(load: LoadPhaseResult): Headline {
  return {
    throughputRatio: pairedRatio(load, 'concurrency', (r) => r.result.throughput),
    p99Ratio: pairedRatio(load, 'rate', (r) => r.result.latency.p99),
    p99RatioConcurrency: pairedRatio(load, 'concurrency', (r) => r.result.latency.p99),
    cpuRatio: pairedRatio(load, 'rate', stackCpuMsPerCheckout),
  };
}

/** The three lines the documentation quotes, exactly in this form. */
export function headlineLines(head: Headline): string[] {
  return [
    `throughput ratio: ${fixed(head.throughputRatio, 2)}`,
    `p99 ratio: ${fixed(head.p99Ratio, 2)}`,
    `CPU ratio: ${fixed(head.cpuRatio, 2)}`,
  ];
}

/** The laptop figure: percent of one core at the everyday shoppers' rate, with and without telemetry. */
export function laptopLines(laptop: LaptopResult): string[] {
  const { load, runs } = laptop;
  const rows = [
    `| stack | ${BENCH_PROCESSES.join(' | ')} | PostgreSQL | total, % of one core | visits answered, not 2xx, unanswered |`,
    `| --- | ${BENCH_PROCESSES.map(() => '---:').join(' | ')} | ---: | ---: | --- |`,
  ];
  for (const mode of ['telemetry', 'off'] as const) {
    const run = runs[mode];
    const percent = (cpuSeconds: number): string => fixed((cpuSeconds / run.seconds) * 100);
    rows.push(
      `| ${MODE_LABELS[mode]} | ${BENCH_PROCESSES.map((name) => percent(run.cpuSeconds[name])).join(' | ')} | ` +
        `${percent(run.postgresCpuSeconds)} | ${fixed(laptopCpuPercent(run))} | ` +
        `${run.visits.answered}, ${run.visits.non2xx}, ${run.visits.failed} |`,
    );
  }
  return [
    `The everyday shoppers alone (load-tests/shoppers.ts at its defaults: ${load.visitRate} visits/s, ` +
      `${Math.round(load.checkoutShare * 100)}% check out), through the gateway, ` +
      `${fixed(runs.telemetry.seconds, 0)} s per stack. CPU as percent of one core:`,
    '',
    ...rows,
  ];
}

function loadTable(load: LoadPhaseResult, shape: LoadShape, modes: readonly Mode[]): string[] {
  const rows = [
    `| mode | checkouts/s | p50 ms | p95 ms | p99 ms | answers not 2xx | no answer | CPU ms/checkout, services + PostgreSQL |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const mode of modes) {
    const runs = runsOf(load, mode, shape);
    if (runs.length === 0) continue;
    const of = (f: (run: ModeRun) => number): number => median(runs.map(f));
    const non2xx = runs.reduce((sum, r) => sum + r.result.non2xx, 0);
    const failed = runs.reduce((sum, r) => sum + r.result.failed, 0);
    const withErrors = runs.filter((r) => r.result.non2xx + r.result.failed > 0).length;
    const flag = withErrors > 0 ? ` (errors in ${withErrors} of ${runs.length} runs)` : '';
    rows.push(
      `| ${MODE_LABELS[mode]}${flag} | ${fixed(
        of((r) => r.result.throughput),
        0,
      )} | ` +
        `${fixed(of((r) => r.result.latency.p50))} | ${fixed(of((r) => r.result.latency.p95))} | ` +
        `${fixed(of((r) => r.result.latency.p99))} | ${non2xx} | ${failed} | ` +
        `${mode === 'bare' ? '–' : fixed(of(stackCpuMsPerCheckout), 2)} |`,
    );
  }
  return rows;
}

function cpuTable(load: LoadPhaseResult, shape: LoadShape): string[] {
  const rows = [
    `| mode | ${BENCH_PROCESSES.join(' | ')} | PostgreSQL | total | OTLP receiver | load generator | machine busy |`,
    `| --- | ${BENCH_PROCESSES.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const mode of ['telemetry', 'off'] as const) {
    const runs = runsOf(load, mode, shape);
    if (runs.length === 0) continue;
    const cell = (cpuSeconds: (run: ModeRun) => number): string =>
      fixed(median(runs.map((run) => perCheckoutMs(run, cpuSeconds(run)))), 2);
    rows.push(
      `| ${MODE_LABELS[mode]} | ${BENCH_PROCESSES.map((name) => cell((r) => r.cpuSeconds[name] ?? Number.NaN)).join(' | ')} | ` +
        `${cell((r) => r.postgresCpuSeconds)} | ${cell((r) => serviceCpu(r) + r.postgresCpuSeconds)} | ` +
        `${mode === 'telemetry' ? cell((r) => r.receiverCpuSeconds) : '–'} | ` +
        `${cell((r) => r.generatorCpuSeconds)} | ` +
        `${fixed(median(runs.map((r) => r.machineBusy)) * 100, 0)}% |`,
    );
  }
  return rows;
}

function problemLines(load: LoadPhaseResult): string[] {
  return load.runs
    .filter((run) => run.result.non2xx + run.result.failed + run.errorLogLines > 0)
    .map(
      (run) =>
        `- ${run.shape === 'target' ? 'target rate' : `repetition ${run.repetition + 1}, fixed ${run.shape}`}, ` +
        `${MODE_LABELS[run.mode]}: ${problemsOf(run.result)}` +
        (run.errorLogLines > 0 ? `; ${run.errorLogLines} error log lines` : ''),
    );
}

function memoryTable(load: LoadPhaseResult, startup: StartupResult | undefined): string[] {
  const peak = (mode: Mode, name: string): number =>
    Math.max(...load.runs.filter((r) => r.mode === mode).map((r) => r.peakRss[name] ?? 0));
  const restart = startup ? ' idle RSS, restarted alone (start-up phase) |' : '';
  const rows = [
    `| service | idle RSS, telemetry | idle RSS, off | idle anonymous, telemetry | peak RSS under load, telemetry | peak RSS under load, off | RSS after load, telemetry |${restart}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |${startup ? ' ---: |' : ''}`,
  ];
  for (const name of BENCH_PROCESSES) {
    const restarted = name === 'gateway' ? undefined : startup?.restart[name].idleRssBytes;
    rows.push(
      `| ${name} | ${mb(load.idleRss.telemetry[name])} | ${mb(load.idleRss.off[name])} | ` +
        `${mb(load.idleAnonymous.telemetry[name])} | ${mb(peak('telemetry', name))} | ` +
        `${mb(peak('off', name))} | ${mb(load.afterRss.telemetry[name])} |` +
        (startup ? ` ${mb(restarted)} |` : ''),
    );
  }
  rows.push(
    `| bare Express (ceiling) | ${mb(load.bareIdleRss)} | | | ${mb(peak('bare', 'bare'))} | | |${startup ? ' |' : ''}`,
  );
  return rows;
}

/** The memory phase: each Node container's need at its compose settings, and its limit. */
export function containerMemoryLines(memory: MemoryResult): string[] {
  const { settings, options, visits, leak } = memory;
  const rows = [
    `Each Node container natively at docker-compose.yml's settings: NODE_OPTIONS ` +
      `\`${settings.nodeOptions || '(none)'}\`, NODE_ENV=production, traces and logs exported, the ` +
      `Pyroscope wall and heap profilers on (${memory.pyroscopeUploads} uploads taken), the image's ` +
      `HEALTHCHECK every 10 s (${memory.healthchecks.runs} runs, ${memory.healthchecks.unhealthy} ` +
      `unhealthy). Load: ${options.visitRate} visits/s for ${options.saleSeconds} s (the sale's peak ` +
      `on top of the shoppers; ${Math.round(options.checkoutShare * 100)}% check out): ` +
      `${visits.started} visits, ${visits.non2xx} answers not 2xx, ${visits.failed} unanswered ` +
      `(${Object.entries(visits.statuses)
        .map(([answer, n]) => `${n}× ${answer}`)
        .join(', ')}).`,
    '',
    '| container | idle RSS | peak RSS (VmHWM) | + healthcheck | need | 1.3 × need | mem_limit | V8 heap / external at the end | GC during the sale | limit ≥ 1.3 × need |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const c of memory.containers) {
    rows.push(
      `| ${c.name} | ${mb(c.idleRss)} | ${mb(c.peakRss)} | ${mb(c.healthcheckPeakRss)} | ` +
        `${mb(c.need)} | ${c.suggestedMiB} MiB | ${c.limitMiB} MiB | ` +
        `${mb(c.heapTotal)} / ${mb(c.external)} | ${fixed(c.gcSeconds, 2)} s | ` +
        `${c.limitMiB >= (1.3 * c.need) / 2 ** 20 ? 'yes' : '**no**'} |`,
    );
  }
  const { prometheus, postgres } = memory.backends;
  rows.push(
    '',
    `Beside them, natively (Debian's builds, older than the images compose pins): Prometheus with ` +
      `infra/prometheus's config and rules at production intervals, scraping the stack for ` +
      `${fixed(prometheus.minutes)} min: peak RSS ${mb(prometheus.peakRss)} MB, ` +
      `${fixed(prometheus.headSeries, 0)} head series. The PostgreSQL server: peak ${mb(postgres.peakPss)} MB ` +
      `proportional set size over ${postgres.processes} processes (shared buffers counted once), ` +
      `${mb(postgres.peakPrivate)} MB of it private to the processes.`,
    '',
    `The leak (scenarios/catalog-memory-leak.yaml: ${leak.scenario.mbPerMinute} MB/min for ` +
      `${fixed(leak.scenario.durationMinutes, 0)} min): catalog RSS grew ${fixed(leak.measuredMbPerMinute)} ` +
      `MB/min from ${mb(leak.startRss)} MB; from its peak above, its ${leak.limitMiB} MiB limit is ` +
      `reached after ${fixed(leak.minutesToLimit)} min` +
      (leak.minutesToLimit < leak.scenario.durationMinutes
        ? ', inside the scenario: Docker kills and restarts the catalog (the symptom to find).'
        : ', after the scenario ends: the catalog is not killed.'),
  );
  return rows;
}

function startupTable(startup: StartupResult): string[] {
  const rows = [
    `| service | listening | ready | first span exported | ready, first start (creates database, migrates) |`,
    `| --- | ---: | ---: | ---: | ---: |`,
  ];
  for (const name of SERVICE_NAMES) {
    const r = startup.restart[name];
    rows.push(
      `| ${name} | ${fixed(r.listeningMs, 0)} ms | ${fixed(r.readyMs, 0)} ms | ${fixed(r.firstSpanMs, 0)} ms | ` +
        `${fixed(startup.first[name].readyMs, 0)} ms |`,
    );
  }
  return rows;
}

interface Target {
  what: string;
  figure: string;
  met: boolean | undefined;
}

function targets(results: BenchResults, head: Headline | undefined): Target[] {
  const list: Target[] = [];
  const { load, startup, alert, options } = results;
  if (load && head) {
    const throughput = median(
      runsOf(load, 'telemetry', 'concurrency').map((r) => r.result.throughput),
    );
    const atTarget = runsOf(load, 'telemetry', 'target')[0];
    const p99AtTarget = atTarget?.result.latency.p99 ?? Number.NaN;
    const targetMet =
      atTarget && options.targetRate === 200
        ? p99AtTarget <= 100 && atTarget.result.non2xx + atTarget.result.failed === 0
        : undefined;
    const idle = Math.max(...BENCH_PROCESSES.map((name) => load.idleRss.telemetry[name]));
    list.push(
      {
        what: 'full telemetry keeps ≥ 0.90 of uninstrumented checkout throughput',
        figure: fixed(head.throughputRatio, 2),
        met: head.throughputRatio >= 0.9,
      },
      {
        what: 'full telemetry p99 ≤ 1.25× uninstrumented',
        figure:
          `${fixed(head.p99Ratio, 2)} at ${options.rate}/s ` +
          `(${fixed(head.p99RatioConcurrency, 2)} at ${options.connections} connections)`,
        met: head.p99Ratio <= 1.25,
      },
      {
        what: 'CPU per checkout, full telemetry ≤ 1.15× telemetry off',
        figure: `${fixed(head.cpuRatio, 2)} at ${options.rate}/s`,
        met: head.cpuRatio <= 1.15,
      },
      {
        what: '≥ 220 checkouts/s through the gateway, full telemetry (double 2026-11-22’s 108/s)',
        figure: `${fixed(throughput, 0)}/s`,
        met: throughput >= 220,
      },
      {
        what: '≥ 400 checkouts/s, full telemetry',
        figure: `${fixed(throughput, 0)}/s`,
        met: throughput >= 400,
      },
      {
        what: 'p99 ≤ 100 ms at 200 checkouts/s, full telemetry',
        figure: atTarget
          ? `${fixed(p99AtTarget)} ms at ${options.targetRate}/s offered, ${fixed(atTarget.result.throughput, 0)}/s answered`
          : 'not measured',
        met: targetMet,
      },
      {
        what: 'each service ≤ 100 MB RSS idle, full telemetry',
        figure: `largest ${mb(idle)} MB`,
        met: idle <= 100 * 2 ** 20,
      },
    );
  }
  if (startup) {
    const slowest = Math.max(...SERVICE_NAMES.map((name) => startup.restart[name].readyMs));
    list.push({
      what: 'ready ≤ 2 s after start',
      figure: `slowest ${fixed(slowest, 0)} ms`,
      met: slowest <= 2000,
    });
  }
  if (alert) {
    const production = alert.interval === '15s';
    list.push({
      what: 'payment alert ≤ 2 min after the fault, production intervals',
      figure: `${seconds(alert.firingAfterS)} at ${alert.interval} intervals`,
      met: production ? alert.firingAfterS <= 120 : undefined,
    });
  }
  return list;
}

function loadSections(results: BenchResults, load: LoadPhaseResult, head: Headline): string[] {
  const { options } = results;
  const spans = (shape: LoadShape): string => fixed(load.spansPerCheckout[shape]);
  const logs = (shape: LoadShape): string => fixed(load.logsPerCheckout[shape]);
  const problems = problemLines(load);
  return [
    `### Checkout at fixed concurrency: ${options.connections} connections`,
    '',
    `${options.repetitions} repetitions × ${options.concurrencySeconds} s per mode, modes interleaved ` +
      '(order rotated each repetition), medians. Latency over every answer, errors included.',
    '',
    ...loadTable(load, 'concurrency', MODES),
    '',
    `### Checkout at a fixed arrival rate: ${options.rate} checkouts/s`,
    '',
    `${options.repetitions} repetitions × ${options.rateSeconds} s, interleaved with the runs above. ` +
      'Open loop: each checkout starts on schedule whether or not earlier ones were answered, and its ' +
      'latency counts from that scheduled start.',
    '',
    ...loadTable(load, 'rate', MODES),
    '',
    `### Checkout at the target rate: ${options.targetRate} checkouts/s`,
    '',
    `Once per stack, ${options.targetSeconds} s, after the repetitions. Above a stack's capacity the ` +
      'queue grows for the whole run and latency measures the queue.',
    '',
    ...loadTable(load, 'target', ['telemetry', 'off']),
    '',
    '### Overhead of full telemetry',
    '',
    'Instrumented over uninstrumented, the median of the ratios paired within each repetition:',
    '',
    // A blank line between them, so each stays a line of its own when the markdown is rendered.
    ...headlineLines(head).flatMap((line) => [line, '']),
    `Throughput at ${options.connections} connections; p99 and CPU per checkout (the gateway, the ` +
      `four services and their PostgreSQL backends) at ${options.rate}/s. p99 ratio at ` +
      `${options.connections} connections: ${fixed(head.p99RatioConcurrency, 2)}.`,
    '',
    `### CPU per checkout at ${options.rate}/s (ms, median)`,
    '',
    ...cpuTable(load, 'rate'),
    '',
    `### CPU per checkout at ${options.connections} connections (ms, median)`,
    '',
    ...cpuTable(load, 'concurrency'),
    '',
    `Spans received per checkout: ${spans('rate')} at ${options.rate}/s, ${spans('concurrency')} at ` +
      `${options.connections} connections, ${spans('target')} at ${options.targetRate}/s; log records: ` +
      `${logs('rate')}, ${logs('concurrency')}, ${logs('target')}. Stacks started (the npm start path) ` +
      `in ${fixed(load.stackStartMs.telemetry / 1000)} s with telemetry, ` +
      `${fixed(load.stackStartMs.off / 1000)} s without. Other clients held ` +
      `${load.otherPostgresConnections} PostgreSQL connections when the load phase started.`,
    '',
    ...(problems.length > 0 ? ['Runs with errors:', '', ...problems, ''] : []),
  ];
}

/** The whole report as markdown, headline lines included. */
export function renderReport(results: BenchResults): string {
  const { options, machine, load, startup, alert } = results;
  const lines: string[] = [
    `## Benchmark run, ${results.startedAt}`,
    '',
    `\`${options.command}\` · ${machine.cores} cores (${machine.cpuModel}) · ` +
      `${machine.ramGiB} GiB RAM · Node ${machine.node} · load average ${fixed(machine.loadBefore, 2)} ` +
      `before, ${fixed(machine.loadAfter, 2)} after`,
    '',
  ];
  if (machine.loadBefore > machine.cores / 2) {
    lines.push(
      `The machine was already busy when the bench started (load average ${fixed(machine.loadBefore, 2)} ` +
        `on ${machine.cores} cores): absolute figures are low and noisy; the paired ratios hold up best.`,
      '',
    );
  }
  const head = load ? headline(load) : undefined;
  if (load && head) {
    lines.push(...loadSections(results, load, head));
    lines.push(
      '### Memory (MB)',
      '',
      ...memoryTable(load, startup),
      '',
      "RSS includes the Node binary's code pages (about 50 MB), shared by every Node process on the " +
        'machine; "anonymous" is what the process alone adds (V8 heap, buffers, stacks).',
      '',
      '### A workshop laptop between exercises',
      '',
      ...laptopLines(load.laptop),
      '',
    );
  }
  if (startup) {
    lines.push(
      `### Start-up: each service started alone, full telemetry ` +
        `(${startup.restarts === 1 ? 'a restart' : `median of ${startup.restarts} restarts`})`,
      '',
      ...startupTable(startup),
      '',
      'First span: a request is sent as soon as the service is ready; the batch span processor ' +
        'exports it after its production delay (5 s).',
      '',
    );
  }
  if (alert) {
    const production = alert.interval === '15s';
    lines.push(
      '### Alert',
      '',
      `PaymentSuccessRatioLow after the card gateway starts failing 30% of charges, real Prometheus at ` +
        `${alert.interval} scrape and evaluation intervals (${production ? 'production' : 'shortened: --quick'}): ` +
        `pending after ${seconds(alert.pendingAfterS)}, firing after ${seconds(alert.firingAfterS)}` +
        `${Number.isNaN(alert.firingAfterS) ? ` (not within ${alert.limitS} s)` : ''}. Checkout answers meanwhile: ` +
        `${Object.entries(alert.statuses)
          .map(([status, n]) => `${n}× ${status === '0' ? 'no answer' : status}`)
          .join(', ')}.`,
      '',
    );
  }
  if (results.memory) {
    lines.push(
      "### Memory at the containers' settings (MB; limits MiB)",
      '',
      ...containerMemoryLines(results.memory),
      '',
    );
  }
  const list = targets(results, head);
  if (list.length > 0) {
    lines.push('### Targets', '', '| target | figure | met |', '| --- | --- | --- |');
    for (const t of list) {
      lines.push(
        `| ${t.what} | ${t.figure} | ${t.met === undefined ? 'not measured' : t.met ? 'yes' : 'no'} |`,
      );
    }
    lines.push('');
  }
  if (results.failures.length > 0) {
    lines.push('### Phases that failed', '', ...results.failures.map((f) => `- ${f}`), '');
  }
  return lines.join('\n');
}
