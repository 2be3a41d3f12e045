import type { Child } from './child';
import { forkChild } from './child';
import { closedLoop } from './closed-loop';
import { readShoppers } from './container-settings';
import type { LoadResult, LoadShape } from './load-result';
import { openLoop } from './open-loop';
import type { BenchOptions } from './options';
import type { SinkReply } from './otlp-sink-process';
import { PostgresCpu } from './postgres-cpu';
import { anonymousBytes, machineTicks, measureCpu, rssBytes, sampleRss } from './process-stats';
import type { BenchProcess, BenchStack, Mode } from './stacks';
import {
  BENCH_GATEWAY_ENV,
  BENCH_PROCESSES,
  DEFAULT_POSTGRES_URL,
  startBenchStack,
} from './stacks';
import { visits } from './visits';
import type { VisitCounts, VisitLoad } from './visits';

export type LoadSettings = Pick<
  BenchOptions,
  | 'connections'
  | 'concurrencySeconds'
  | 'rate'
  | 'rateSeconds'
  | 'targetRate'
  | 'targetSeconds'
  | 'warmupSeconds'
  | 'repetitions'
  | 'laptopSeconds'
  | 'postgresUrl'
>;

/** One measured run of one mode. */
export interface ModeRun {
  mode: Mode;
  shape: LoadShape;
  repetition: number;
  result: LoadResult;
  /** CPU seconds used during the run by each process of the mode (services, or the bare server). */
  cpuSeconds: Record<string, number>;
  /** CPU seconds of the PostgreSQL backends serving the mode's databases during the run. */
  postgresCpuSeconds: number;
  /** CPU seconds of the OTLP receiver during the run (what a collector would cost). */
  receiverCpuSeconds: number;
  /** CPU seconds of the load generator (this process). */
  generatorCpuSeconds: number;
  /** Share of the whole machine's CPU that was busy during the run (any process, ours or not). */
  machineBusy: number;
  /** Peak RSS of each process of the mode during the run. */
  peakRss: Record<string, number>;
  /** Error and fatal log lines the mode's services wrote during the run. */
  errorLogLines: number;
  /**
   * Checkouts the services worked on: every request sent. At fixed concurrency the requests in flight
   * when the run stops (one per connection) are never answered but still served, spans and CPU
   * included, so they count here.
   */
  checkoutsStarted: number;
}

type StackMode = BenchStack['mode'];

/** A stack under the everyday shoppers alone: what a workshop laptop spends between exercises. */
export interface LaptopRun {
  seconds: number;
  /** CPU seconds of each process the checkout crosses. */
  cpuSeconds: Record<BenchProcess, number>;
  /** CPU seconds of the PostgreSQL backends serving the stack's databases. */
  postgresCpuSeconds: number;
  visits: VisitCounts;
}

/** The laptop figure: both stacks at the shoppers' default rate, one after the other. */
export interface LaptopResult {
  load: VisitLoad;
  runs: Record<StackMode, LaptopRun>;
}

/** Percent of one core the stack's processes and its PostgreSQL backends used over the run. */
export function laptopCpuPercent(run: LaptopRun): number {
  const services = Object.values(run.cpuSeconds).reduce((sum, s) => sum + s, 0);
  return ((services + run.postgresCpuSeconds) / run.seconds) * 100;
}

export interface LoadPhaseResult {
  runs: ModeRun[];
  /** RSS of each service a few seconds after the stack started, before any traffic. */
  idleRss: Record<StackMode, Record<BenchProcess, number>>;
  /** The anonymous (not shared) part of it. */
  idleAnonymous: Record<StackMode, Record<BenchProcess, number>>;
  bareIdleRss: number;
  /** RSS after the last run, once traffic stopped. */
  afterRss: Record<StackMode, Record<BenchProcess, number>>;
  /** Both stacks under the everyday shoppers alone, after the measured runs. */
  laptop: LaptopResult;
  stackStartMs: Record<StackMode, number>;
  /** Connections other clients held on the PostgreSQL server when the phase started. */
  otherPostgresConnections: number;
  /** Spans and log records the receiver got per checkout started on the telemetry stack. */
  spansPerCheckout: Partial<Record<LoadShape, number>>;
  logsPerCheckout: Partial<Record<LoadShape, number>>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Modes in a different order each repetition, so none always runs first or right after another. */
export function rotation(repetition: number): Mode[] {
  const modes: Mode[] = ['telemetry', 'off', 'bare'];
  const shift = repetition % modes.length;
  return [...modes.slice(shift), ...modes.slice(0, shift)];
}

/** The pid of each process a checkout crosses (-1 for one the stack does not run). */
const benchPids = (stack: BenchStack): Record<BenchProcess, number> =>
  Object.fromEntries(BENCH_PROCESSES.map((name) => [name, stack.pids[name] ?? -1])) as Record<
    BenchProcess,
    number
  >;

function perService(
  stack: BenchStack,
  read: (pid: number) => number,
): Record<BenchProcess, number> {
  const pids = benchPids(stack);
  return Object.fromEntries(BENCH_PROCESSES.map((name) => [name, read(pids[name])])) as Record<
    BenchProcess,
    number
  >;
}

/** The runs of one phase: each repetition measures every mode at fixed concurrency, then at the
 * sustainable rate; the target rate comes once per stack at the end (it usually overloads it). */
function schedule(settings: LoadSettings): { shape: LoadShape; mode: Mode; repetition: number }[] {
  const runs: { shape: LoadShape; mode: Mode; repetition: number }[] = [];
  for (let repetition = 0; repetition < settings.repetitions; repetition++) {
    for (const shape of ['concurrency', 'rate'] as const) {
      for (const mode of rotation(repetition)) runs.push({ shape, mode, repetition });
    }
  }
  for (const mode of ['telemetry', 'off'] as const)
    runs.push({ shape: 'target', mode, repetition: 0 });
  return runs;
}

/**
 * Both stacks and the bare server run side by side for the whole phase (each idle while another is
 * measured), so every repetition compares the modes seconds, not hours, apart: ratios are paired
 * within a repetition and the reported figures are medians over repetitions.
 */
export async function runLoadPhase(
  settings: LoadSettings,
  log: (line: string) => void,
  onStacks?: (stacks: Record<StackMode, BenchStack>) => Promise<void>,
): Promise<LoadPhaseResult> {
  const { child: sink, ready: sinkReady } = await forkChild<SinkReply>(
    'otlp-sink-process.js',
    [],
    ['--max-old-space-size=4096'],
  );
  const postgresCpu = new PostgresCpu(settings.postgresUrl ?? DEFAULT_POSTGRES_URL);
  const stopping: (() => Promise<void>)[] = [() => postgresCpu.close(), () => sink.stop()];
  const started: BenchStack[] = [];
  try {
    if (sinkReady.type !== 'ready') throw new Error('OTLP receiver did not start');
    // The two stacks use up to 80 connections (4 services × a pool of 10) of the server's 100.
    const otherPostgresConnections = await postgresCpu.connections();
    const { child: bare, ready: bareReady } = await forkChild<{ type: 'ready'; url: string }>(
      'bare-server-process.js',
    );
    stopping.push(() => bare.stop());
    // Each stack as the workshop runs it: checkouts enter through the gateway.
    const withGateway = { gateway: true, serviceEnv: { gateway: BENCH_GATEWAY_ENV } };
    log('load: starting the instrumented stack');
    const telemetry = await startBenchStack(
      'telemetry',
      sinkReady.url,
      settings.postgresUrl,
      withGateway,
    );
    stopping.push(() => telemetry.stop());
    started.push(telemetry);
    log('load: starting the uninstrumented stack');
    const off = await startBenchStack('off', sinkReady.url, settings.postgresUrl, withGateway);
    stopping.push(() => off.stop());
    started.push(off);
    const stacks = { telemetry, off };

    await sleep(3000);
    const idleRss = {
      telemetry: perService(telemetry, rssBytes),
      off: perService(off, rssBytes),
    };
    const idleAnonymous = {
      telemetry: perService(telemetry, anonymousBytes),
      off: perService(off, anonymousBytes),
    };
    const bareIdleRss = rssBytes(bare.pid);

    const urls: Record<Mode, string> = {
      telemetry: telemetry.checkoutUrl,
      off: off.checkoutUrl,
      bare: `${bareReady.url}/orders`,
    };
    const pidsOf = (mode: Mode): Record<string, number> =>
      mode === 'bare' ? { bare: bare.pid } : benchPids(stacks[mode]);

    log(`load: warming up each mode for ${settings.warmupSeconds} s`);
    for (const mode of rotation(0)) {
      if (mode !== 'bare') await stacks[mode].restock();
      await closedLoop({
        url: urls[mode],
        connections: settings.connections,
        seconds: settings.warmupSeconds,
      });
    }

    const spans = new SpanCounter(sink);
    await spans.reset();
    const runs: ModeRun[] = [];
    for (const { shape, mode, repetition } of schedule(settings)) {
      if (mode !== 'bare') await stacks[mode].restock();
      if (mode === 'telemetry') await spans.reset();
      await sleep(500);
      const errorsBefore = mode === 'bare' ? 0 : stacks[mode].errorCount();
      const postgres =
        mode === 'bare' ? undefined : await postgresCpu.measure(stacks[mode].databaseUrls);
      const run = await measureRun(
        { mode, shape, repetition },
        urls[mode],
        pidsOf(mode),
        sink.pid,
        settings,
      );
      run.postgresCpuSeconds = postgres ? await postgres.stop() : 0;
      run.errorLogLines = mode === 'bare' ? 0 : stacks[mode].errorCount() - errorsBefore;
      if (mode === 'telemetry') spans.pendingRun = run;
      runs.push(run);
      const { result } = run;
      log(
        `load: ${shape === 'target' ? 'target' : `rep ${repetition + 1}/${settings.repetitions}`} ` +
          `${shape.padEnd(11)} ${mode.padEnd(9)} ${result.throughput.toFixed(0)}/s ` +
          `p99 ${result.latency.p99.toFixed(1)} ms, not 2xx ${result.non2xx}, no answer ${result.failed}`,
      );
    }
    // Let the last batches of spans arrive (the production batch delay is 5 s).
    await sleep(6000);
    await spans.reset();
    const afterRss = {
      telemetry: perService(telemetry, rssBytes),
      off: perService(off, rssBytes),
    };
    const shoppers = readShoppers();
    log(
      `load: the laptop figure, ${shoppers.visitRate} visits/s (${Math.round(shoppers.checkoutShare * 100)}% check out) for ${settings.laptopSeconds} s per stack`,
    );
    const laptop: LaptopResult = { load: shoppers, runs: {} as Record<StackMode, LaptopRun> };
    for (const mode of ['telemetry', 'off'] as const) {
      laptop.runs[mode] = await measureLaptop(
        stacks[mode],
        shoppers,
        settings.laptopSeconds,
        postgresCpu,
      );
    }
    if (onStacks) await onStacks(stacks);
    return {
      runs,
      idleRss,
      idleAnonymous,
      bareIdleRss,
      afterRss,
      laptop,
      stackStartMs: { telemetry: telemetry.startMs, off: off.startMs },
      otherPostgresConnections,
      spansPerCheckout: spans.perCheckout('spans'),
      logsPerCheckout: spans.perCheckout('logs'),
    };
  } catch (error) {
    // What the services logged explains most failures (a database refusing connections…).
    const lines = started.flatMap((stack) => stack.errorLines().map((l) => `  ${stack.mode} ${l}`));
    if (lines.length === 0) throw error;
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nlast service errors:\n${lines.join('\n')}`,
      { cause: error },
    );
  } finally {
    for (const stop of stopping.reverse()) await stop().catch(() => undefined);
  }
}

/**
 * The everyday shoppers alone on one stack, through its gateway as k6's shoppers visit it: the CPU
 * its processes and PostgreSQL backends use over `seconds`, after a few seconds' settling.
 */
async function measureLaptop(
  stack: BenchStack,
  load: VisitLoad,
  seconds: number,
  postgresCpu: PostgresCpu,
): Promise<LaptopRun> {
  const gateway = stack.stack.urls.gateway;
  if (!gateway) throw new Error('the laptop figure needs the stack to run its gateway');
  await stack.restock();
  const traffic = visits(gateway, load);
  await sleep(3000);
  const cpu = measureCpu(benchPids(stack));
  const postgres = await postgresCpu.measure(stack.databaseUrls);
  const began = performance.now();
  await sleep(seconds * 1000);
  const cpuSeconds = cpu.stop() as Record<BenchProcess, number>;
  const postgresCpuSeconds = await postgres.stop();
  const measured = (performance.now() - began) / 1000;
  return { seconds: measured, cpuSeconds, postgresCpuSeconds, visits: await traffic.stop() };
}

async function measureRun(
  run: { mode: Mode; shape: LoadShape; repetition: number },
  url: string,
  pids: Record<string, number>,
  sinkPid: number,
  settings: LoadSettings,
): Promise<ModeRun> {
  const cpu = measureCpu({ ...pids, receiver: sinkPid });
  const rss = sampleRss(pids);
  const ticks = machineTicks();
  const generatorBefore = process.cpuUsage();
  const result =
    run.shape === 'concurrency'
      ? await closedLoop({
          url,
          connections: settings.connections,
          seconds: settings.concurrencySeconds,
        })
      : await openLoop({
          url,
          rate: run.shape === 'rate' ? settings.rate : settings.targetRate,
          seconds: run.shape === 'rate' ? settings.rateSeconds : settings.targetSeconds,
        });
  const generator = process.cpuUsage(generatorBefore);
  const ticksAfter = machineTicks();
  const peakRss = rss.stop();
  const { receiver = 0, ...cpuSeconds } = cpu.stop();
  const answered = Object.values(result.statuses).reduce((sum, n) => sum + n, 0);
  return {
    ...run,
    result: { ...result, shape: run.shape },
    checkoutsStarted:
      answered + result.failed + (run.shape === 'concurrency' ? settings.connections : 0),
    cpuSeconds,
    postgresCpuSeconds: 0,
    receiverCpuSeconds: receiver,
    generatorCpuSeconds: (generator.user + generator.system) / 1e6,
    machineBusy: (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.total - ticks.total),
    peakRss,
    errorLogLines: 0,
  };
}

/** Attributes what the receiver got to the telemetry run before each reset. */
class SpanCounter {
  pendingRun: ModeRun | undefined;
  private readonly totals: Partial<
    Record<LoadShape, { spans: number; logs: number; checkouts: number }>
  > = {};

  constructor(private readonly sink: Child<SinkReply>) {}

  async reset(): Promise<void> {
    const reply = this.sink.next<Extract<SinkReply, { type: 'reset' }>>('reset');
    this.sink.process.send({ type: 'reset' });
    const counts = await reply;
    const run = this.pendingRun;
    this.pendingRun = undefined;
    if (!run) return;
    const total = (this.totals[run.shape] ??= { spans: 0, logs: 0, checkouts: 0 });
    total.spans += counts.spans;
    total.logs += counts.logs;
    total.checkouts += run.checkoutsStarted;
  }

  perCheckout(kind: 'spans' | 'logs'): Partial<Record<LoadShape, number>> {
    return Object.fromEntries(
      Object.entries(this.totals).map(([shape, total]) => [shape, total[kind] / total.checkouts]),
    );
  }
}
