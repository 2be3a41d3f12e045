/**
 * The blackbox and postgres exporters, run as the real Debian binaries with the repository's
 * configs, and scraped by a real Prometheus with the jobs testPrometheusConfig derives from
 * prometheus.yml: the probes and the lock-wait query work, and the relabeling does what the
 * alerts rely on (target_service and instance of a probe; only this stack's databases).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './daemon';
import { dataSourceName, startBlackboxExporter, startPostgresExporter } from './exporters';
import type { BlackboxExporterProcess, PostgresExporterProcess } from './exporters';
import { startPrometheus } from './prometheus';
import type { PrometheusProcess, PrometheusSample } from './prometheus';
import { testPrometheusConfig } from './prometheus-config';

const POSTGRES_URL =
  process.env['FAULTLINE_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Jobs every derived config needs a target for; nothing listens on port 9 here. */
const NOBODY = {
  catalog: '127.0.0.1:9',
  inventory: '127.0.0.1:9',
  order: '127.0.0.1:9',
  payment: '127.0.0.1:9',
};

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

const someSeries = async (
  prometheus: PrometheusProcess,
  expr: string,
): Promise<PrometheusSample[] | undefined> => {
  const samples = await prometheus.query(expr);
  return samples.length > 0 ? samples : undefined;
};

describe('dataSourceName', () => {
  it('writes the URL in the form every postgres_exporter version documents', () => {
    expect(dataSourceName('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable',
    );
    expect(dataSourceName('postgresql://u:p@db:5432/x?sslmode=require')).toBe(
      'postgresql://u:p@db:5432/x?sslmode=require',
    );
    expect(() => dataSourceName('mysql://db/x')).toThrow('is not a postgres:// URL');
  });
});

describe('the blackbox exporter with infra/blackbox/blackbox.yml', () => {
  let exporter: BlackboxExporterProcess;
  let started: BlackboxExporterProcess | undefined;
  let server: Server;
  let serviceUrl: string;
  let ready = true;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(request.url === '/health/ready' && ready ? 200 : 503).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    started = await startBlackboxExporter();
    exporter = started;
  });
  afterAll(async () => {
    await started?.stop();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('passes a 2xx readiness answer and fails a 503 or a closed port (module http_2xx)', async () => {
    ready = true;
    const up = await exporter.probe(`${serviceUrl}/health/ready`);
    expect(up.success).toBe(true);
    expect(up.samples.get('probe_http_status_code')).toBe(200);
    ready = false;
    expect((await exporter.probe(`${serviceUrl}/health/ready`)).success).toBe(false);
    expect((await exporter.probe('http://127.0.0.1:9/health/ready')).success).toBe(false);
    ready = true;
  });

  it('is scraped by the blackbox job: one probe per service, labelled target_service and instance', async () => {
    const prometheus = await startPrometheus((own) =>
      testPrometheusConfig({
        targets: { ...NOBODY, prometheus: own },
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        blackbox: { exporter: exporter.address, targets: { catalog: serviceUrl } },
      }),
    );
    try {
      const [probe, ...others] = await until('a blackbox probe', () =>
        someSeries(prometheus, 'probe_success'),
      );
      expect(others).toEqual([]);
      expect(probe?.metric).toEqual({
        __name__: 'probe_success',
        job: 'blackbox',
        target_service: 'catalog',
        instance: `${serviceUrl}/health/ready`,
      });
      expect(probe?.value).toBe(1);
    } finally {
      await prometheus.stop();
    }
  });
});

describe('postgres_exporter with infra/postgres-exporter/queries.yaml, as the monitoring role', () => {
  const suffix = randomBytes(4).toString('hex');
  const prefix = `t${suffix}_`;
  const ownDatabase = `${prefix}inventory`;
  const otherStack = `u${suffix}_inventory`;
  const role = `faultline_monitor_${suffix}`;
  const psqlUrl = (database: string): string => {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const psql = (database: string, sql: string): string => {
    const result = spawnSync('psql', ['-X', '-qAt', '-v', 'ON_ERROR_STOP=1', psqlUrl(database)], {
      input: sql,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  const sessions: ChildProcess[] = [];
  let exporter: PostgresExporterProcess;
  let started: PostgresExporterProcess | undefined;

  beforeAll(async () => {
    for (const database of [ownDatabase, otherStack])
      psql('postgres', `CREATE DATABASE ${database};`);
    // The compose init script, with a role name of this test's own (roles are cluster-wide).
    const script = readFileSync(
      join(REPO_ROOT, 'infra', 'postgres', 'initdb', '02-monitoring.sql'),
      'utf8',
    );
    expect(script).toContain('faultline_monitor');
    psql('postgres', script.replaceAll('faultline_monitor', role));
    const url = new URL(POSTGRES_URL);
    url.username = role;
    url.password = 'faultline-monitor';
    started = await startPostgresExporter({ postgresUrl: url.toString() });
    exporter = started;
  });

  afterAll(async () => {
    await started?.stop();
    for (const session of sessions) session.kill('SIGKILL');
    for (const database of [ownDatabase, otherStack]) {
      psql('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE);`);
    }
    psql('postgres', `DROP ROLE IF EXISTS ${role};`);
  });

  const lockWaits = (samples: Map<string, number>, database: string): number | undefined =>
    [...samples].find(
      ([series]) =>
        series.startsWith('pg_lock_waits_backends{') && series.includes(`datname="${database}"`),
    )?.[1];

  it('connects as a role that is not a superuser', () => {
    expect(psql('postgres', `SELECT rolsuper FROM pg_roles WHERE rolname = '${role}';`)).toBe('f');
  });

  it('counts the backends waiting on a lock in each database, 0 when none', async () => {
    expect(lockWaits(await exporter.samples(), ownDatabase)).toBe(0);
    psql(ownDatabase, 'CREATE TABLE stock (id int);');
    // One session holds the table, a second (another role than the exporter's) waits for it.
    const holder = spawn('psql', ['-X', '-q', psqlUrl(ownDatabase)], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    holder.stdin.end('BEGIN;\nLOCK TABLE stock IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(60);\n');
    sessions.push(holder);
    await until('the lock to be held', async () =>
      Promise.resolve(
        psql(
          'postgres',
          `SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = '${ownDatabase}' AND l.mode = 'AccessExclusiveLock' AND l.granted;`,
        ) === '1'
          ? true
          : undefined,
      ),
    );
    const waiter = spawn(
      'psql',
      ['-X', '-q', '-c', 'SELECT count(*) FROM stock;', psqlUrl(ownDatabase)],
      {
        stdio: 'ignore',
      },
    );
    sessions.push(waiter);
    await until('pg_lock_waits_backends to count the waiter', async () =>
      lockWaits(await exporter.samples(), ownDatabase) === 1 ? true : undefined,
    );
    expect(lockWaits(await exporter.samples(), otherStack)).toBe(0);
  });

  it('is scraped by the postgres job keeping only this stack’s databases, named as in compose', async () => {
    const prometheus = await startPrometheus((own) =>
      testPrometheusConfig({
        targets: { ...NOBODY, prometheus: own },
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        postgres: { exporter: exporter.address, databasePrefix: prefix },
      }),
    );
    try {
      await until('the postgres job', () => someSeries(prometheus, 'pg_up{job="postgres"} == 1'));
      const waits = await prometheus.query('pg_lock_waits_backends');
      expect(waits.map((sample) => sample.metric['datname'])).toEqual(['inventory']);
      expect(waits[0]?.value).toBe(1);
      // Databases of other stacks (and the cluster's own) are dropped at the scrape.
      const datnames = new Set(
        (await prometheus.query('{job="postgres",datname!=""}')).map((s) => s.metric['datname']),
      );
      expect([...datnames]).toEqual(['inventory']);
    } finally {
      await prometheus.stop();
    }
  });
});
