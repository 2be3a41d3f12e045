import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
const PROMETHEUS_DIR = join(resolve(__dirname, '..', '..', '..'), 'infra', 'prometheus');
/** infra/prometheus/prometheus.yml of this checkout (libs/stack/src or dist → ../../..). */
export const PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'prometheus.yml');
/**
 * infra/prometheus/native.yml: prometheus.yml plus a `supervisor` job for a supervised stack's
 * /metrics. The sourcePath for testPrometheusConfig when scrapeTargets is given a supervisor URL.
 */
export const NATIVE_PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'native.yml');

export interface TestPrometheusConfigOptions {
  /**
   * `host:port` for every scrape job of prometheus.yml, by job name, e.g.
   * `{ catalog: '127.0.0.1:3001', …, prometheus: '127.0.0.1:9090' }`.
   */
  targets: Readonly<Record<string, string>>;
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

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  static_configs?: StaticConfig[];
  [key: string]: unknown;
}

interface PrometheusConfig {
  global?: { scrape_interval?: string; scrape_timeout?: string; evaluation_interval?: string };
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

function retarget(job: ScrapeConfig, target: string | undefined): ScrapeConfig {
  if (target === undefined) {
    throw new Error(`no target given for scrape job "${job.job_name}": every job needs one`);
  }
  if (!TARGET.test(target)) {
    throw new Error(`target "${target}" for job "${job.job_name}" is not host:port`);
  }
  const [group, ...others] = job.static_configs ?? [];
  if (!group || others.length > 0 || group.targets.length !== 1) {
    throw new Error(
      `scrape job "${job.job_name}" does not have exactly one static target; cannot rewrite it`,
    );
  }
  return { ...job, static_configs: [{ ...group, targets: [target] }] };
}

/**
 * The Prometheus config the native end-to-end suite runs with, derived from
 * infra/prometheus/prometheus.yml so it is never maintained by hand: only the intervals are
 * shortened, every job's target is rewritten to the given host:port, and relative rule_files become
 * absolute (the derived file lives elsewhere, the rules stay where they are). Returns YAML.
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

  const derived: PrometheusConfig = {
    ...source,
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
    scrape_configs: jobs.map((job) => {
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
      return retarget(shortened, options.targets[job.job_name]);
    }),
  };
  const scaleNote = options.timeScale
    ? `# Rules run ${options.timeScale.factor}x faster (durations divided by ${options.timeScale.factor}).\n`
    : '';
  return `# Derived from ${sourcePath} by testPrometheusConfig: do not edit.\n${scaleNote}${stringify(derived)}`;
}

/**
 * The scrape targets of prometheus.yml's jobs for services at `urls` (a started stack's) and a
 * Prometheus at `ownAddress`: what testPrometheusConfig's `targets` takes. With `supervisorUrl`
 * (a supervised stack's) the `supervisor` job too, which only NATIVE_PROMETHEUS_CONFIG has.
 */
export function scrapeTargets(
  urls: Readonly<Record<'catalog' | 'inventory' | 'order' | 'payment', string>>,
  ownAddress: string,
  supervisorUrl?: string,
): Record<string, string> {
  return {
    catalog: new URL(urls.catalog).host,
    inventory: new URL(urls.inventory).host,
    order: new URL(urls.order).host,
    payment: new URL(urls.payment).host,
    prometheus: ownAddress,
    ...(supervisorUrl !== undefined && { supervisor: new URL(supervisorUrl).host }),
  };
}
