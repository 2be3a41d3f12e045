import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './daemon';

export interface PrometheusSample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
  activeAt?: string;
}

export interface PrometheusExemplar {
  seriesLabels: Record<string, string>;
  labels: Record<string, string>;
  value: number;
  timestamp: number;
}

export interface PrometheusProcess {
  url: string;
  /** Process id (for measuring what it costs). */
  pid: number;
  /** Instant query; throws with Prometheus's own message when the expression is wrong. */
  query(expr: string): Promise<PrometheusSample[]>;
  alerts(): Promise<PrometheusAlert[]>;
  exemplars(expr: string, startSeconds: number, endSeconds: number): Promise<PrometheusExemplar[]>;
  stop(): Promise<void>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? response.status}`);
  return body.data;
}

/**
 * Starts a real Prometheus (the `prometheus` binary on PATH, e.g. Debian's) with the config that
 * `configFor` returns for its own host:port, exemplar storage on, data in a temporary folder
 * removed on stop. `configFor` may write files the config refers to (derived rule files) into the
 * folder it is given, which is removed on stop too. `extraArgs` are added to its command line,
 * e.g. `--rules.alert.resend-delay=1s`: alerts that fire before Prometheus has found its
 * Alertmanagers are dropped, and sent again only after that delay (1m by default).
 */
export async function startPrometheus(
  configFor: (ownAddress: string, workDir: string) => string,
  binary = 'prometheus',
  extraArgs: readonly string[] = [],
): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  const port = await freePort();
  writeFileSync(configFile, configFor(`127.0.0.1:${port}`, dir));
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--enable-feature=exemplar-storage',
      '--log.level=warn',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus did not become ready: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid ?? -1,
    async query(expr) {
      const data = await api<{
        result: { metric: Record<string, string>; value: [number, string] }[];
      }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async alerts() {
      return (await api<{ alerts: PrometheusAlert[] }>(`${url}/api/v1/alerts`)).alerts;
    },
    async exemplars(expr, startSeconds, endSeconds) {
      const data = await api<
        {
          seriesLabels: Record<string, string>;
          exemplars: { labels: Record<string, string>; value: string; timestamp: number }[];
        }[]
      >(
        `${url}/api/v1/query_exemplars?query=${encodeURIComponent(expr)}&start=${startSeconds}&end=${endSeconds}`,
      );
      return data.flatMap((series) =>
        series.exemplars.map((e) => ({
          seriesLabels: series.seriesLabels,
          labels: e.labels,
          value: Number(e.value),
          timestamp: e.timestamp,
        })),
      );
    },
    stop,
  };
}
