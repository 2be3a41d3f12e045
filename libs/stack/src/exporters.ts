import { join } from 'node:path';
import { REPO_ROOT, startDaemon } from './daemon';
import type { Daemon } from './daemon';

/** infra/blackbox/blackbox.yml of this checkout: the blackbox exporter's modules. */
export const BLACKBOX_CONFIG = join(REPO_ROOT, 'infra', 'blackbox', 'blackbox.yml');
/** infra/postgres-exporter/queries.yaml: the custom query behind pg_lock_waits_backends. */
export const POSTGRES_EXPORTER_QUERIES = join(
  REPO_ROOT,
  'infra',
  'postgres-exporter',
  'queries.yaml',
);

/** `name{labels} value` lines of a Prometheus text exposition, by series, comments left out. */
export function parseSamples(text: string): Map<string, number> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

export interface ProbeResult {
  /** probe_success == 1 */
  success: boolean;
  /** The probe's own metrics (probe_success, probe_http_status_code …). */
  samples: Map<string, number>;
}

export interface BlackboxExporterProcess extends Daemon {
  /** GET /probe?module=…&target=…, as Prometheus's blackbox job asks it. */
  probe(target: string, module?: string): Promise<ProbeResult>;
}

export interface StartBlackboxExporterOptions {
  /** The modules file; infra/blackbox/blackbox.yml unless a test says otherwise. */
  config?: string;
  /** Debian's `prometheus-blackbox-exporter` on PATH by default. */
  binary?: string;
}

/**
 * Starts a real blackbox exporter (Debian's `prometheus-blackbox-exporter`) on a free port of
 * 127.0.0.1 with the repository's modules, used as they are: they name no address. Point
 * Prometheus's `blackbox` job at it with testPrometheusConfig's `blackbox.exporter`.
 */
export async function startBlackboxExporter(
  options: StartBlackboxExporterOptions = {},
): Promise<BlackboxExporterProcess> {
  const daemon = await startDaemon({
    apt: 'prometheus-blackbox-exporter',
    binary: options.binary ?? 'prometheus-blackbox-exporter',
    readyPath: '/-/healthy',
    args: (address) => [
      `--config.file=${options.config ?? BLACKBOX_CONFIG}`,
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ],
  });
  return {
    ...daemon,
    async probe(target, module = 'http_2xx') {
      const query = new URLSearchParams({ module, target });
      const response = await fetch(`${daemon.url}/probe?${query.toString()}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`blackbox exporter: ${response.status} ${text}`);
      const samples = parseSamples(text);
      return { success: samples.get('probe_success') === 1, samples };
    },
  };
}

export interface PostgresExporterProcess extends Daemon {
  /** GET /metrics, parsed. */
  samples(): Promise<Map<string, number>>;
}

export interface StartPostgresExporterOptions {
  /**
   * The server to watch, as a URL (`postgres://user@127.0.0.1:5432/postgres`): any database of
   * the cluster will do, pg_stat_activity covers them all. `postgres://` is written
   * `postgresql://` (the scheme every version documents; 0.11's database discovery knows no
   * other) and `sslmode=disable` is added unless the URL sets an sslmode.
   */
  postgresUrl: string;
  /** The custom queries; infra/postgres-exporter/queries.yaml unless a test says otherwise. */
  queries?: string;
  /** Debian's `prometheus-postgres-exporter` on PATH by default. */
  binary?: string;
}

/** `postgresUrl` as postgres_exporter's DATA_SOURCE_NAME. */
export function dataSourceName(postgresUrl: string): string {
  const url = new URL(postgresUrl.replace(/^postgres:\/\//, 'postgresql://'));
  if (url.protocol !== 'postgresql:') throw new Error(`${postgresUrl} is not a postgres:// URL`);
  if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

/**
 * Starts a real postgres_exporter (Debian's `prometheus-postgres-exporter`) on a free port of
 * 127.0.0.1 against `postgresUrl`, with the repository's custom queries
 * (`--extend.query-path`, as compose runs it). Point Prometheus's `postgres` job at it with
 * testPrometheusConfig's `postgres.exporter`, which also keeps only the stack's databases.
 */
export async function startPostgresExporter(
  options: StartPostgresExporterOptions,
): Promise<PostgresExporterProcess> {
  const daemon = await startDaemon({
    apt: 'prometheus-postgres-exporter',
    binary: options.binary ?? 'prometheus-postgres-exporter',
    // The landing page: answers without a database round trip.
    readyPath: '/',
    env: { DATA_SOURCE_NAME: dataSourceName(options.postgresUrl) },
    args: (address) => [
      `--extend.query-path=${options.queries ?? POSTGRES_EXPORTER_QUERIES}`,
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ],
  });
  return {
    ...daemon,
    async samples() {
      const response = await fetch(`${daemon.url}/metrics`);
      const text = await response.text();
      if (!response.ok) throw new Error(`postgres_exporter: ${response.status} ${text}`);
      return parseSamples(text);
    },
  };
}
