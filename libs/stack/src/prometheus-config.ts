import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { DATABASE_NAMES } from './services';
const PROMETHEUS_DIR = join(resolve(__dirname, '..', '..', '..'), 'infra', 'prometheus');
/** infra/prometheus/prometheus.yml of this checkout (libs/stack/src or dist → ../../..). */
export const PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'prometheus.yml');
/**
 * infra/prometheus/native.yml: prometheus.yml plus a `supervisor` job for a supervised stack's
 * /metrics. The sourcePath for testPrometheusConfig when scrapeTargets is given a supervisor URL.
 */
export const NATIVE_PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'native.yml');

/**
 * Jobs of prometheus.yml that a native run may not have: the watcher, the gateway and Alertmanager (given a
 * target like any job, in `targets`) and the exporters (given by the `blackbox` and `postgres`
 * options). A derived config leaves out each one it is not given: a job with nothing to scrape
 * would only read as down. Every other job needs a target.
 */
export const OPTIONAL_SCRAPE_JOBS: readonly string[] = [
  'watcher',
  'gateway',
  'alertmanager',
  'blackbox',
  'postgres',
];

/** Jobs whose targets are not one host:port each: given by an option of their own. */
const OPTION_JOBS: Readonly<Record<string, string>> = {
  blackbox: 'blackbox: { exporter, targets }',
  postgres: 'postgres: { exporter, databasePrefix }',
};

export interface TestPrometheusConfigOptions {
  /**
   * `host:port` for every scrape job of prometheus.yml, by job name, e.g.
   * `{ catalog: '127.0.0.1:3001', …, prometheus: '127.0.0.1:9090' }`. `watcher` and
   * `alertmanager` may be left out (their jobs are then too); `blackbox` and `postgres` are given
   * by the options of those names instead.
   */
  targets: Readonly<Record<string, string>>;
  /**
   * `host:port` of what lists payment's canary (GET /deployments/targets: npm start's supervisor,
   * or compose's payment-canary slot) for a job that discovers it; the `supervisor` target when
   * there is one. Without either, such a job keeps only its static target (no canary to find).
   */
  deployments?: string;
  /**
   * `host:port` of each Alertmanager to send alerts to (startAlertmanager's `address`): the
   * `alerting` section then points there. Without it the derived config has no `alerting`
   * section and alerts stay in Prometheus.
   */
  alertmanagers?: readonly string[];
  /**
   * The `blackbox` job: the exporter's `host:port` (startBlackboxExporter's `address`) and, by
   * `target_service`, the base URL of each service to probe (`http://127.0.0.1:41001`); each
   * probe keeps the path prometheus.yml gives it (/health/ready). Services left out are not
   * probed. Without it the job is left out.
   */
  blackbox?: { exporter: string; targets: Readonly<Record<string, string>> };
  /**
   * The `postgres` job: the exporter's `host:port` (startPostgresExporter's `address`) and the
   * stack's database prefix (startStack's `databasePrefix`). Several stacks share one native
   * PostgreSQL, so a metric relabeling keeps only series of this stack's databases (and those
   * about no database) and strips the prefix, so `datname` reads as in compose (`inventory`).
   * Without it the job is left out.
   */
  postgres?: { exporter: string; databasePrefix?: string; databases?: readonly string[] };
  /** Prometheus duration such as `1s`; no longer than the production scrape interval. */
  scrapeInterval: string;
  /** Prometheus duration such as `1s`; no longer than the production evaluation interval. */
  evaluationInterval: string;
  /** The config to derive from; infra/prometheus/prometheus.yml unless a test says otherwise. */
  sourcePath?: string;
  /**
   * Runs the rules `factor` times faster: every `for:` and every range selector in the rule files
   * is divided by `factor`, the rewritten files going into `rulesDir`. Thresholds stay as they are:
   * ratios and rates then mean the same, but counts over a range (at least 5 charges in [1m]) and
   * time thresholds (a heartbeat older than 30 s) do not shrink with it. Every scaled range must
   * still hold two scrapes; an offset or @ is refused. For suites that must
   * see slow alerts (`for: 5m`) fire within a test's time; the production timing is what the
   * promtool unit tests and an unscaled end-to-end run prove.
   */
  timeScale?: { factor: number; rulesDir: string };
}

interface RuleFile {
  groups?: {
    name: string;
    interval?: string;
    rules?: { expr?: string; for?: string; keep_firing_for?: string; [key: string]: unknown }[];
  }[];
}

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}

interface RelabelConfig {
  source_labels?: string[];
  target_label?: string;
  regex?: string;
  replacement?: string;
  action?: string;
  [key: string]: unknown;
}

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  static_configs?: StaticConfig[];
  relabel_configs?: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
  [key: string]: unknown;
}

interface AlertingConfig {
  alertmanagers?: { static_configs?: StaticConfig[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

interface PrometheusConfig {
  global?: { scrape_interval?: string; scrape_timeout?: string; evaluation_interval?: string };
  alerting?: AlertingConfig;
  rule_files?: string[];
  scrape_configs?: ScrapeConfig[];
  [key: string]: unknown;
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
/** A range selector or subquery range in PromQL: `[5m]`, `[1h30m]`, `[30m:1m]`. */
const RANGE = /\[((?:\d+(?:ms|[smhdwy]))+)(?::((?:\d+(?:ms|[smhdwy]))*))?\]/g;
const TARGET = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
/** Prometheus's own defaults, for a config that leaves a global interval unset. */
const DEFAULT_INTERVAL = '1m';
const DEFAULT_SCRAPE_TIMEOUT = '10s';

/** Milliseconds of a Prometheus duration made of y, w, d, h, m, s and ms parts. */
export function durationMs(duration: string): number {
  const parts = DURATION.exec(duration);
  if (!duration || !parts) throw new Error(`"${duration}" is not a duration such as 15s or 1m30s`);
  const [, y = '0', w = '0', d = '0', h = '0', m = '0', s = '0', ms = '0'] = parts;
  const days = Number(y) * 365 + Number(w) * 7 + Number(d);
  return (((days * 24 + Number(h)) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}

/** `duration` divided by `factor`: whole seconds when it comes out whole, else milliseconds. */
function scaled(duration: string, factor: number): string {
  const ms = Math.round(durationMs(duration) / factor);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * A rule file's YAML with every `for:`, `keep_firing_for:`, group `interval:` and PromQL range
 * divided by `factor`; everything else (names, labels, thresholds, annotations) as it was.
 */
export function scaleRuleDurations(yamlText: string, factor: number, minRangeMs = 0): string {
  if (!(factor >= 1)) throw new Error(`timeScale factor ${factor} must be 1 or more`);
  const range = (duration: string): string => {
    const result = scaled(duration, factor);
    if (durationMs(result) < minRangeMs) {
      throw new Error(
        `range [${duration}] scaled by ${factor} is ${result}, shorter than ${minRangeMs} ms: too few samples for rate()`,
      );
    }
    return result;
  };
  const file = parse(yamlText) as RuleFile;
  for (const group of file.groups ?? []) {
    if (group.interval !== undefined) group.interval = scaled(group.interval, factor);
    for (const rule of group.rules ?? []) {
      if (rule.for !== undefined) rule.for = scaled(rule.for, factor);
      if (rule.keep_firing_for !== undefined) {
        rule.keep_firing_for = scaled(rule.keep_firing_for, factor);
      }
      if (rule.expr !== undefined) {
        // An offset or @ pins a time the scaled ranges no longer line up with.
        if (/\boffset\b|@\s*[\d(]/.test(rule.expr)) {
          throw new Error(`cannot time-scale an expression with offset or @: ${rule.expr}`);
        }
        rule.expr = rule.expr.replace(
          RANGE,
          (_match, window: string, step: string | undefined) =>
            `[${range(window)}${step === undefined ? '' : `:${step === '' ? '' : scaled(step, factor)}`}]`,
        );
      }
    }
  }
  return stringify(file);
}

/** Writes each rule file `patterns` match, time-scaled, into `rulesDir`; returns the new paths. */
function writeScaledRules(
  patterns: string[],
  configDir: string,
  scale: { factor: number; rulesDir: string; minRangeMs: number },
): string[] {
  return patterns.flatMap((pattern, p) =>
    globSync(isAbsolute(pattern) ? pattern : resolve(configDir, pattern))
      .sort()
      .map((source, f) => {
        const target = join(scale.rulesDir, `scaled-${p}-${f}-${basename(source)}`);
        writeFileSync(
          target,
          scaleRuleDurations(readFileSync(source, 'utf8'), scale.factor, 2 * scale.minRangeMs),
        );
        return target;
      }),
  );
}

function shorter(name: string, given: string, production: string): string {
  if (durationMs(given) > durationMs(production)) {
    throw new Error(
      `${name} ${given} is longer than the production ${production}: only shorten it`,
    );
  }
  return given;
}

const minDuration = (a: string, b: string): string => (durationMs(a) <= durationMs(b) ? a : b);

function hostPort(target: string, what: string): string {
  if (!TARGET.test(target)) throw new Error(`target "${target}" for ${what} is not host:port`);
  return target;
}

function retarget(job: ScrapeConfig, target: string | undefined): ScrapeConfig {
  if (target === undefined) {
    throw new Error(`no target given for scrape job "${job.job_name}": every job needs one`);
  }
  hostPort(target, `job "${job.job_name}"`);
  const [group, ...others] = job.static_configs ?? [];
  if (!group || others.length > 0 || group.targets.length !== 1) {
    throw new Error(
      `scrape job "${job.job_name}" does not have exactly one static target; cannot rewrite it`,
    );
  }
  return { ...job, static_configs: [{ ...group, targets: [target] }] };
}

/**
 * A job that also finds targets through a deployment API (the payment job: its canary, while one
 * runs, from `/deployments/targets`): the discovery asks the given one, and the canary's address
 * keeps its port on the job's host. Given none, the job keeps its static target alone.
 */
function retargetDiscovery(job: ScrapeConfig, supervisor: string | undefined): ScrapeConfig {
  const discovery = job['http_sd_configs'] as { url: string; [key: string]: unknown }[] | undefined;
  if (discovery === undefined) return job;
  if (supervisor === undefined) {
    return Object.fromEntries(
      Object.entries(job).filter(([key]) => key !== 'http_sd_configs'),
    ) as ScrapeConfig;
  }
  hostPort(supervisor, `the supervisor of job "${job.job_name}"`);
  const host = job.static_configs?.[0]?.targets[0]?.replace(/:\d+$/, '');
  if (host === undefined) throw new Error(`job "${job.job_name}" has no static target`);
  return {
    ...job,
    http_sd_configs: discovery.map((config) => {
      const url = new URL(config.url);
      url.host = supervisor;
      return { ...config, url: url.toString() };
    }),
    // The rule that moves the canary's address onto the job's host (native.yml: `payment:$1`).
    relabel_configs: (job.relabel_configs ?? []).map((rule) =>
      rule.target_label === '__address__' && rule.source_labels?.includes('track')
        ? { ...rule, replacement: (rule.replacement ?? '').replace(/^[^:$]+:/, `${host}:`) }
        : rule,
    ),
  };
}

/**
 * The blackbox job for a native run: the probes of the given services only, each URL's origin
 * replaced by the service's base URL (the path stays), and the exporter's address in the
 * relabeling that makes it the scraped address.
 */
function retargetBlackbox(
  job: ScrapeConfig,
  blackbox: NonNullable<TestPrometheusConfigOptions['blackbox']>,
): ScrapeConfig {
  const exporter = hostPort(blackbox.exporter, 'the blackbox exporter');
  const known = new Set(
    (job.static_configs ?? []).map((group) => group.labels?.['target_service']),
  );
  const unknown = Object.keys(blackbox.targets).filter((service) => !known.has(service));
  if (unknown.length > 0) {
    throw new Error(`the blackbox job probes no target_service ${unknown.join(', ')}`);
  }
  if (Object.keys(blackbox.targets).length === 0) {
    throw new Error('blackbox.targets is empty: leave the blackbox option out instead');
  }
  const static_configs = (job.static_configs ?? []).flatMap((group) => {
    const service = group.labels?.['target_service'];
    const base = service === undefined ? undefined : blackbox.targets[service];
    if (base === undefined) return [];
    const [probe, ...others] = group.targets;
    if (probe === undefined || others.length > 0) {
      throw new Error(`the blackbox probe of ${String(service)} is not exactly one URL`);
    }
    const from = new URL(probe);
    const to = new URL(base);
    return [{ ...group, targets: [`${to.origin}${from.pathname}${from.search}`] }];
  });
  const addressRules = (job.relabel_configs ?? []).filter(
    (rule) => rule.target_label === '__address__' && rule.source_labels === undefined,
  );
  if (addressRules.length !== 1) {
    throw new Error('the blackbox job has no single relabeling setting __address__ to rewrite');
  }
  return {
    ...job,
    static_configs,
    relabel_configs: (job.relabel_configs ?? []).map((rule) =>
      addressRules.includes(rule) ? { ...rule, replacement: exporter } : rule,
    ),
  };
}

/** RE2 source matching `text` literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The postgres job for a native run: pointed at the exporter, keeping only series about this
 * stack's databases (or about none, like pg_up) and naming them without the prefix.
 */
function retargetPostgres(
  job: ScrapeConfig,
  postgres: NonNullable<TestPrometheusConfigOptions['postgres']>,
): ScrapeConfig {
  const prefix = postgres.databasePrefix ?? '';
  const databases = postgres.databases ?? [...new Set(Object.values(DATABASE_NAMES))].sort();
  const own = `${literal(prefix)}(?:${databases.map(literal).join('|')})`;
  const rules: RelabelConfig[] = [
    { source_labels: ['datname'], regex: `(${own})?`, action: 'keep' },
  ];
  if (prefix !== '') {
    rules.push({
      source_labels: ['datname'],
      regex: `${literal(prefix)}(.+)`,
      target_label: 'datname',
      replacement: '$1',
    });
  }
  return {
    ...retarget(job, postgres.exporter),
    metric_relabel_configs: [...(job.metric_relabel_configs ?? []), ...rules],
  };
}

/** The alerting section pointed at `alertmanagers`, or left out without them. */
function retargetAlerting(
  alerting: AlertingConfig | undefined,
  alertmanagers: readonly string[] | undefined,
  sourcePath: string,
): { alerting?: AlertingConfig } {
  if (alertmanagers === undefined) return {};
  if (alertmanagers.length === 0) throw new Error('alertmanagers is empty: leave it out instead');
  const [first, ...others] = alerting?.alertmanagers ?? [];
  if (!first || others.length > 0) {
    throw new Error(`${sourcePath} has no single alerting.alertmanagers entry to point elsewhere`);
  }
  const targets = alertmanagers.map((target) => hostPort(target, 'an Alertmanager'));
  return {
    alerting: { ...alerting, alertmanagers: [{ ...first, static_configs: [{ targets }] }] },
  };
}

/**
 * The Prometheus config the native end-to-end suite runs with, derived from
 * infra/prometheus/prometheus.yml so it is never maintained by hand: only the intervals are
 * shortened, every job's target is rewritten to the given host:port, and relative rule_files become
 * absolute (the derived file lives elsewhere, the rules stay where they are). The jobs of
 * OPTIONAL_SCRAPE_JOBS not given, and the alerting section without `alertmanagers`, are left out;
 * the postgres job gains the relabeling that keeps only the stack's databases. Returns YAML.
 */
export function testPrometheusConfig(options: TestPrometheusConfigOptions): string {
  const sourcePath = options.sourcePath ?? PROMETHEUS_CONFIG;
  const source = parse(readFileSync(sourcePath, 'utf8')) as PrometheusConfig;
  const jobs = source.scrape_configs ?? [];

  const unknown = Object.keys(options.targets).filter(
    (name) => !jobs.some((job) => job.job_name === name),
  );
  if (unknown.length > 0) {
    throw new Error(`no scrape job named ${unknown.join(', ')} in ${sourcePath}`);
  }
  for (const name of Object.keys(options.targets)) {
    const option = OPTION_JOBS[name];
    if (option !== undefined) {
      throw new Error(`give the ${name} job through the option { ${option} }, not targets`);
    }
  }
  for (const name of ['blackbox', 'postgres'] as const) {
    if (options[name] !== undefined && !jobs.some((job) => job.job_name === name)) {
      throw new Error(`no scrape job named ${name} in ${sourcePath}`);
    }
  }
  const given = (job: ScrapeConfig): boolean => {
    if (job.job_name === 'blackbox') return options.blackbox !== undefined;
    if (job.job_name === 'postgres') return options.postgres !== undefined;
    return !OPTIONAL_SCRAPE_JOBS.includes(job.job_name) || job.job_name in options.targets;
  };

  const global = source.global ?? {};
  const scrapeInterval = shorter(
    'scrapeInterval',
    options.scrapeInterval,
    global.scrape_interval ?? DEFAULT_INTERVAL,
  );
  const evaluationInterval = shorter(
    'evaluationInterval',
    options.evaluationInterval,
    global.evaluation_interval ?? DEFAULT_INTERVAL,
  );
  // Prometheus refuses a scrape timeout longer than the scrape interval.
  const scrapeTimeout = minDuration(
    global.scrape_timeout ?? DEFAULT_SCRAPE_TIMEOUT,
    scrapeInterval,
  );
  const configDir = dirname(sourcePath);

  const { alerting, ...rest } = source;
  const derived: PrometheusConfig = {
    ...rest,
    ...retargetAlerting(alerting, options.alertmanagers, sourcePath),
    global: {
      ...global,
      scrape_interval: scrapeInterval,
      scrape_timeout: scrapeTimeout,
      evaluation_interval: evaluationInterval,
    },
    ...(source.rule_files && {
      rule_files: options.timeScale
        ? writeScaledRules(source.rule_files, configDir, {
            ...options.timeScale,
            minRangeMs: durationMs(scrapeInterval),
          })
        : source.rule_files.map((pattern) =>
            isAbsolute(pattern) ? pattern : resolve(configDir, pattern),
          ),
    }),
    scrape_configs: jobs.filter(given).map((job) => {
      const shortened: ScrapeConfig = { ...job };
      if (job.scrape_interval !== undefined) {
        shortened.scrape_interval = minDuration(job.scrape_interval, scrapeInterval);
      }
      if (job.scrape_timeout !== undefined) {
        shortened.scrape_timeout = minDuration(
          job.scrape_timeout,
          shortened.scrape_interval ?? scrapeInterval,
        );
      }
      if (job.job_name === 'blackbox' && options.blackbox) {
        return retargetBlackbox(shortened, options.blackbox);
      }
      if (job.job_name === 'postgres' && options.postgres) {
        return retargetPostgres(shortened, options.postgres);
      }
      return retargetDiscovery(
        retarget(shortened, options.targets[job.job_name]),
        options.targets['supervisor'] ?? options.deployments,
      );
    }),
  };
  const scaleNote = options.timeScale
    ? `# Rules run ${options.timeScale.factor}x faster (durations divided by ${options.timeScale.factor}).\n`
    : '';
  return `# Derived from ${sourcePath} by testPrometheusConfig: do not edit.\n${scaleNote}${stringify(derived)}`;
}

/**
 * The scrape targets of prometheus.yml's jobs for services at `urls` (a started stack's: each
 * service's job is named after it, the watcher's too when the stack runs one) and a Prometheus at
 * `ownAddress`: what testPrometheusConfig's `targets` takes. With `supervisorUrl` (a supervised
 * stack's) the `supervisor` job too, which only NATIVE_PROMETHEUS_CONFIG has.
 */
export function scrapeTargets(
  urls: Readonly<Record<'catalog' | 'inventory' | 'order' | 'payment', string>> &
    Readonly<Partial<Record<string, string>>>,
  ownAddress: string,
  supervisorUrl?: string,
): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(urls).flatMap(([name, url]) =>
        url === undefined ? [] : [[name, new URL(url).host]],
      ),
    ),
    prometheus: ownAddress,
    ...(supervisorUrl !== undefined && { supervisor: new URL(supervisorUrl).host }),
  };
}
