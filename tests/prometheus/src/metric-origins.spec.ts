import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { METRIC_ORIGINS } from './known-metrics';
import { PROMETHEUS_CONFIG, REPO_ROOT } from './paths';

/** Every file below `dir` whose name passes `keep`, skipping node_modules, dist and test folders. */
function filesBelow(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return ['node_modules', 'dist', 'test', 'testing'].includes(name)
        ? []
        : filesBelow(path, keep);
    }
    return keep(name) ? [path] : [];
  });
}

/**
 * The sources that register metrics: every app and library but the tooling that only queries
 * them (dashboards, diagnosis), tests left out.
 */
const QUERY_ONLY_LIBS = new Set(['dashboards', 'diagnosis']);
const registeringSources = ['apps', 'libs']
  .flatMap((top) =>
    readdirSync(join(REPO_ROOT, top))
      .filter((project) => !(top === 'libs' && QUERY_ONLY_LIBS.has(project)))
      .map((project) => join(REPO_ROOT, top, project, 'src')),
  )
  .flatMap((dir) => filesBelow(dir, (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts')))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

interface ScrapeConfig {
  job_name: string;
}
const jobs = (
  parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as { scrape_configs: ScrapeConfig[] }
).scrape_configs.map((job) => job.job_name);

/** The YAML documents of infra/ (exporter configs), rules and rule tests aside. */
const infraYaml = filesBelow(join(REPO_ROOT, 'infra'), (name) => /\.ya?ml$/.test(name))
  .filter((path) => !path.includes(join('infra', 'prometheus')))
  // A Kubernetes manifest holds several documents: each is one entry.
  .flatMap((path) =>
    parseAllDocuments(readFileSync(path, 'utf8')).map((document) => ({
      path,
      content: document.toJS() as unknown,
    })),
  );

describe('every metric the rules and runbooks may select exists where it is said to come from', () => {
  it('Faultline registers its own: each is named (name: …) in the sources of apps/ or libs/', () => {
    const missing = METRIC_ORIGINS.registered.filter(
      (metric) => !new RegExp(`name:\\s*'${metric}'`).test(registeringSources),
    );
    expect(missing).toEqual([]);
  });

  it("prom-client's defaults: each is one of its default metrics", () => {
    const defaults = filesBelow(
      join(REPO_ROOT, 'node_modules', 'prom-client', 'lib', 'metrics'),
      (name) => name.endsWith('.js'),
    )
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const missing = METRIC_ORIGINS.promClient.filter(
      (metric) => !defaults.includes(`'${metric.replace(/_(sum|count|bucket)$/, '')}'`),
    );
    expect(missing).toEqual([]);
  });

  it('the blackbox exporter and postgres_exporter: prometheus.yml scrapes their jobs', () => {
    expect(jobs).toEqual(expect.arrayContaining(['blackbox', 'postgres']));
  });

  it('pg_lock_waits_backends{datname}: a postgres_exporter query under infra/ defines it', () => {
    const defining = infraYaml.filter(({ content }) => {
      const queries = content as Record<string, { metrics?: Record<string, unknown>[] }> | null;
      const columns = (queries?.['pg_lock_waits']?.metrics ?? []).flatMap(Object.keys);
      return columns.includes('backends') && columns.includes('datname');
    });
    expect(defining.map(({ path }) => path.slice(REPO_ROOT.length + 1))).toHaveLength(1);
  });
});
