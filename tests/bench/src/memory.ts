/**
 * The memory phase: each Node container's need, measured natively at the container's settings —
 * docker-compose.yml's NODE_OPTIONS, NODE_ENV=production, telemetry exporting, the Pyroscope
 * profilers on and uploading, the watcher running, the image's HEALTHCHECK run every 10 s as Docker
 * runs it — under the seasonal sale's peak arrival rate on top of the everyday shoppers, then the
 * memory-leak scenario's rate on the catalog.
 */
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultAdmin } from '@faultline/fault-admin';
import {
  PROCESS_NAMES,
  runImageHealthcheck,
  scrapeTargets,
  startPrometheus,
  testPrometheusConfig,
} from '@faultline/stack';
import type { ProcessName, Stack } from '@faultline/stack';
import { forkChild } from './child';
import { readContainerSettings, readLeakScenario } from './container-settings';
import type { ContainerSettings, LeakScenario } from './container-settings';
import type { SinkReply } from './otlp-sink-process';
import { rssBytes } from './process-stats';
import { ADMIN_TOKEN, startBenchStack } from './stacks';
import { visits } from './visits';
import type { VisitCounts } from './visits';

export interface MemoryOptions {
  /** Visits started per second (the sale's peak plus the everyday shoppers). */
  visitRate: number;
  /** Share of visits that check out. */
  checkoutShare: number;
  saleSeconds: number;
  leakSeconds: number;
  postgresUrl: string | undefined;
}

/** One Node container: what it took, and the limit that gives it at least 1.3× headroom. */
export interface ContainerMemory {
  name: ProcessName;
  /** Resident set size a few seconds after start, before traffic. */
  idleRss: number;
  /** Peak resident set size over the process's life (VmHWM): start-up, the sale, the profilers. */
  peakRss: number;
  /** Peak resident set size of one run of the image's healthcheck. */
  healthcheckPeakRss: number;
  /** What the container holds at worst: the service's peak plus a healthcheck running beside it. */
  need: number;
  /** 1.3 × need, rounded up to 16 MiB. */
  suggestedMiB: number;
  limitMiB: number;
  /** Seconds the service spent in garbage collection during the sale (nodejs_gc_duration_seconds). */
  gcSeconds: number;
  /** V8 heap reserved (nodejs_heap_size_total_bytes) and memory outside it, at the sale's end. */
  heapTotal: number;
  external: number;
}

export interface LeakResult {
  /** Catalog RSS growth measured while the fault ran, MB (10^6 bytes) a minute. */
  measuredMbPerMinute: number;
  /** Catalog RSS when the fault was applied. */
  startRss: number;
  limitMiB: number;
  /** Minutes from a fresh catalog's peak (the sale's) to its limit at the measured rate. */
  minutesToLimit: number;
  /** The scenario's fault as scenarios/catalog-memory-leak.yaml gives it. */
  scenario: LeakScenario;
}

/** The two backends that run natively here, measured beside the services (Debian's builds). */
export interface BackendMemory {
  /** Prometheus with infra/prometheus's config and rules at production intervals, scraping the stack. */
  prometheus: { peakRss: number; headSeries: number; minutes: number };
  /**
   * The whole PostgreSQL server during the sale: the peak of its processes' summed proportional
   * set size (shared buffers counted once, as a container's cgroup counts them), and the part of
   * it that is private to the backends (what more connections cost).
   */
  postgres: { peakPss: number; peakPrivate: number; processes: number };
}

export interface MemoryResult {
  settings: ContainerSettings;
  backends: BackendMemory;
  options: MemoryOptions;
  visits: VisitCounts;
  pyroscopeUploads: number;
  healthchecks: { runs: number; unhealthy: number };
  containers: ContainerMemory[];
  leak: LeakResult;
}

const MiB = 2 ** 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak RSS over the process's life (VmHWM), or NaN once it has gone. */
function peakRssBytes(pid: number): number {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** A stand-in for the Pyroscope server at the edge the profilers talk to: takes every upload. */
async function startProfileSink(): Promise<{
  url: string;
  uploads(): number;
  close(): Promise<void>;
}> {
  let uploads = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/ingest')) uploads++;
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploads: () => uploads,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What a service's /metrics says of its GC so far and of its heap now. */
async function runtimeMetrics(
  url: string,
): Promise<{ gcSeconds: number; heapTotal: number; external: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let gcSeconds = 0;
  for (const match of text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)$/gm)) {
    gcSeconds += Number(match[1]);
  }
  const gauge = (name: string): number =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    gcSeconds,
    heapTotal: gauge('nodejs_heap_size_total_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
  };
}

/** The image's healthcheck against every container every 10 s, as Docker runs it; its peak RSS. */
function healthchecks(stack: Stack): {
  stop(): Promise<{ runs: number; unhealthy: number; peakRss: number }>;
} {
  let peak = 0;
  let runs = 0;
  let unhealthy = 0;
  const one = async (url: string): Promise<void> => {
    let pid = -1;
    const sampler = setInterval(() => {
      const hwm = peakRssBytes(pid);
      if (Number.isFinite(hwm)) peak = Math.max(peak, hwm);
    }, 2);
    try {
      const run = await runImageHealthcheck(Number(new URL(url).port), (spawned) => {
        pid = spawned;
      });
      runs++;
      if (run.code !== 0) unhealthy++;
    } finally {
      clearInterval(sampler);
    }
  };
  const state = { running: true };
  const running = (): boolean => state.running;
  const loop = (async () => {
    while (running()) {
      await Promise.all(
        PROCESS_NAMES.flatMap((name) => {
          const url = stack.urls[name];
          return url ? [one(url)] : [];
        }),
      );
      for (let waited = 0; running() && waited < 10_000; waited += 250) await sleep(250);
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      return { runs, unhealthy, peakRss: peak };
    },
  };
}

/** Proportional and private memory of every PostgreSQL server process, summed (bytes). */
function postgresMemory(): { pss: number; private: number; processes: number } {
  let pss = 0;
  let privateBytes = 0;
  let processes = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      const kb = (field: string): number =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      pss += kb('Pss');
      privateBytes += kb('Private_Clean') + kb('Private_Dirty');
      processes++;
    } catch {
      // gone meanwhile
    }
  }
  return { pss, private: privateBytes, processes };
}

/** Samples the PostgreSQL server's memory every second and keeps the peaks. */
function samplePostgres(): { stop(): BackendMemory['postgres'] } {
  const peak = { peakPss: 0, peakPrivate: 0, processes: 0 };
  const sample = (): void => {
    const now = postgresMemory();
    if (now.pss > peak.peakPss) {
      peak.peakPss = now.pss;
      peak.processes = now.processes;
    }
    peak.peakPrivate = Math.max(peak.peakPrivate, now.private);
  };
  sample();
  const timer = setInterval(sample, 1000);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}

/** Least-squares slope of RSS over time, in bytes a second. */
function slope(samples: readonly { seconds: number; rss: number }[]): number {
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.seconds, 0) / n;
  const meanR = samples.reduce((sum, s) => sum + s.rss, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const s of samples) {
    numerator += (s.seconds - meanT) * (s.rss - meanR);
    denominator += (s.seconds - meanT) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

export const suggestedLimitMiB = (needBytes: number): number =>
  Math.ceil((1.3 * needBytes) / MiB / 16) * 16;

export async function measureMemory(
  options: MemoryOptions,
  log: (line: string) => void,
): Promise<MemoryResult> {
  const settings = readContainerSettings();
  const { child: sink, ready } = await forkChild<SinkReply>('otlp-sink-process.js');
  const pyroscope = await startProfileSink();
  try {
    if (ready.type !== 'ready') throw new Error('OTLP receiver did not start');
    log(
      `memory: starting the stack at the containers' settings (NODE_OPTIONS="${settings.nodeOptions}", Pyroscope on, watcher and gateway on)`,
    );
    const bench = await startBenchStack('telemetry', ready.url, options.postgresUrl, {
      watcher: true,
      // The shop's entry point, as compose runs it: the visits come through it.
      gateway: true,
      serviceEnv: { gateway: settings.gatewayEnv },
      env: {
        NODE_ENV: 'production',
        ...(settings.nodeOptions && { NODE_OPTIONS: settings.nodeOptions }),
        PYROSCOPE_SERVER_ADDRESS: pyroscope.url,
        LOG_LEVEL: 'info',
      },
    });
    try {
      const { stack } = bench;
      const pids = Object.fromEntries(
        PROCESS_NAMES.map((name) => [name, bench.pids[name] ?? -1]),
      ) as Record<ProcessName, number>;
      await sleep(5000);
      const idle = Object.fromEntries(
        PROCESS_NAMES.map((name) => [name, rssBytes(pids[name])]),
      ) as Record<ProcessName, number>;
      await bench.restock(1_000_000);
      const gcBefore: Partial<Record<ProcessName, number>> = {};
      for (const name of PROCESS_NAMES) {
        const url = stack.urls[name];
        if (url) gcBefore[name] = (await runtimeMetrics(url)).gcSeconds;
      }
      log(
        `memory: the sale, ${options.visitRate} visits/s (${Math.round(options.checkoutShare * 100)}% check out) for ${options.saleSeconds} s, healthchecks every 10 s`,
      );
      const prometheus = await startPrometheus((own) =>
        testPrometheusConfig({
          targets: scrapeTargets(stack.urls, own),
          scrapeInterval: '15s',
          evaluationInterval: '15s',
        }),
      );
      const postgres = samplePostgres();
      const checks = healthchecks(stack);
      if (!stack.urls.gateway) throw new Error('the stack started without its gateway');
      const traffic = visits(stack.urls.gateway, options);
      await sleep(options.saleSeconds * 1000);
      const sent = await traffic.stop();
      const checked = await checks.stop();
      const headSeries =
        (await prometheus.query('prometheus_tsdb_head_series').catch(() => []))[0]?.value ??
        Number.NaN;
      const backends: BackendMemory = {
        prometheus: {
          peakRss: peakRssBytes(prometheus.pid),
          headSeries,
          minutes: options.saleSeconds / 60,
        },
        postgres: postgres.stop(),
      };
      await prometheus.stop();
      const containers: ContainerMemory[] = [];
      for (const name of PROCESS_NAMES) {
        const url = stack.urls[name];
        const peakRss = peakRssBytes(pids[name]);
        const need = peakRss + checked.peakRss;
        const runtime = url
          ? await runtimeMetrics(url)
          : { gcSeconds: Number.NaN, heapTotal: Number.NaN, external: Number.NaN };
        containers.push({
          name,
          idleRss: idle[name],
          peakRss,
          healthcheckPeakRss: checked.peakRss,
          need,
          suggestedMiB: suggestedLimitMiB(need),
          limitMiB: settings.limitsMiB[name],
          gcSeconds: runtime.gcSeconds - (gcBefore[name] ?? 0),
          heapTotal: runtime.heapTotal,
          external: runtime.external,
        });
      }
      log(
        `memory: ${sent.started} visits, ${sent.non2xx} not 2xx, ${sent.failed} unanswered; ${checked.runs} healthchecks (${checked.unhealthy} unhealthy); ${pyroscope.uploads()} profile uploads`,
      );

      const scenario = readLeakScenario();
      log(
        `memory: the leak, ${scenario.mbPerMinute} MB/min on the catalog for ${options.leakSeconds} s`,
      );
      const catalog = containers.find((c) => c.name === 'catalog');
      const leak = await measureLeak(stack, pids.catalog, scenario, options.leakSeconds, {
        limitMiB: settings.limitsMiB.catalog,
        peak: catalog?.need ?? Number.NaN,
      });
      return {
        settings,
        backends,
        options,
        visits: sent,
        pyroscopeUploads: pyroscope.uploads(),
        healthchecks: { runs: checked.runs, unhealthy: checked.unhealthy },
        containers,
        leak,
      };
    } finally {
      await bench.stop();
    }
  } finally {
    await pyroscope.close();
    await sink.stop();
  }
}

async function measureLeak(
  stack: Stack,
  pid: number,
  scenario: LeakScenario,
  seconds: number,
  container: { limitMiB: number; peak: number },
): Promise<LeakResult> {
  const catalog = faultAdmin({ baseUrl: stack.urls.catalog, token: ADMIN_TOKEN, name: 'catalog' });
  const startRss = rssBytes(pid);
  await catalog.apply(scenario.rule);
  const samples: { seconds: number; rss: number }[] = [];
  const began = performance.now();
  try {
    while (performance.now() - began < seconds * 1000) {
      samples.push({ seconds: (performance.now() - began) / 1000, rss: rssBytes(pid) });
      await sleep(2000);
    }
  } finally {
    await catalog.clear();
  }
  const measuredMbPerMinute = (slope(samples) * 60) / 1e6;
  return {
    measuredMbPerMinute,
    startRss,
    limitMiB: container.limitMiB,
    minutesToLimit: (container.limitMiB * MiB - container.peak) / (measuredMbPerMinute * 1e6),
    scenario,
  };
}
