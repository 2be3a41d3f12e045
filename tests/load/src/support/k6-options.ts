/**
 * What k6 itself would refuse in a script's options, from its documentation: executor keys
 * (k6 reads scenario configs strictly), threshold keys (`metric{tag:value,…}`) and expressions
 * (`aggregation operator number`, with the aggregations each metric type has).
 */
import type { MetricType } from '../k6-stand-in/ledger';

export interface ScenarioConfig {
  executor: string;
  exec?: string;
  [key: string]: unknown;
}

export interface Stage {
  duration: string;
  target: number;
}

export type ThresholdSpec =
  string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };

export interface ScriptOptions {
  scenarios?: Record<string, ScenarioConfig>;
  thresholds?: Record<string, ThresholdSpec[]>;
}

const COMMON_KEYS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];

/** Each executor's own options (k6 docs, Scenarios → Executors). */
const EXECUTOR_KEYS: Record<string, string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['stages', 'startVUs', 'gracefulRampDown'],
  'constant-arrival-rate': ['duration', 'rate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['stages', 'startRate', 'timeUnit', 'preAllocatedVUs', 'maxVUs'],
};

/** k6's built-in metrics and their types (k6 docs, Metrics → Built-in metrics). */
export const BUILT_IN_METRICS: Readonly<Record<string, MetricType>> = {
  checks: 'rate',
  data_received: 'counter',
  data_sent: 'counter',
  dropped_iterations: 'counter',
  iteration_duration: 'trend',
  iterations: 'counter',
  vus: 'gauge',
  vus_max: 'gauge',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_req_receiving: 'trend',
  http_req_sending: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_waiting: 'trend',
  http_reqs: 'counter',
};

const AGGREGATIONS: Record<MetricType, RegExp> = {
  counter: /^(?:count|rate)$/,
  gauge: /^value$/,
  rate: /^rate$/,
  trend: /^(?:avg|min|max|med|p\((?:100|\d{1,2}(?:\.\d+)?)\))$/,
};

const EXPRESSION = /^\s*(\S+?)\s*(<=|>=|===|==|!=|<|>)\s*-?\d+(?:\.\d+)?\s*$/;
const DURATION = /^(?=\d)(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/;

/** Seconds in a k6 duration such as `1m30s`; NaN when it is not one. */
export function durationSeconds(duration: unknown): number {
  const match = typeof duration === 'string' ? DURATION.exec(duration) : null;
  if (!match) return Number.NaN;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

const isCount = (value: unknown, least: number): boolean =>
  Number.isInteger(value) && (value as number) >= least;

function stageProblems(where: string, stages: unknown): string[] {
  if (!Array.isArray(stages) || stages.length === 0) return [`${where}: needs stages`];
  return (stages as Partial<Stage>[]).flatMap((stage, i) => [
    ...(Number.isNaN(durationSeconds(stage.duration))
      ? [`${where}: stage ${i} duration "${String(stage.duration)}" is not a k6 duration`]
      : []),
    ...(isCount(stage.target, 0) ? [] : [`${where}: stage ${i} target must be a whole number`]),
  ]);
}

/** What k6 would refuse, or a script would get wrong, in one scenario. */
export function scenarioProblems(
  name: string,
  scenario: ScenarioConfig,
  exported: Record<string, unknown>,
): string[] {
  const where = `scenario ${name}`;
  const own = EXECUTOR_KEYS[scenario.executor];
  if (!own) return [`${where}: unknown executor "${scenario.executor}"`];
  const problems = Object.keys(scenario)
    .filter((key) => !COMMON_KEYS.includes(key) && !own.includes(key))
    .map((key) => `${where}: ${scenario.executor} has no option "${key}"`);
  const exec = scenario.exec ?? 'default';
  if (typeof exported[exec] !== 'function') problems.push(`${where}: exports no function ${exec}`);
  const s = scenario as Record<string, unknown>;
  if ('duration' in s && !(durationSeconds(s['duration']) > 0)) {
    problems.push(`${where}: duration "${String(s['duration'])}" is not a k6 duration`);
  }
  if (own.includes('stages')) problems.push(...stageProblems(where, s['stages']));
  if (own.includes('preAllocatedVUs')) {
    if (!isCount(s['preAllocatedVUs'], 1)) problems.push(`${where}: preAllocatedVUs must be ≥ 1`);
    const maxVUs = s['maxVUs'] ?? s['preAllocatedVUs'];
    if (!isCount(maxVUs, 1) || (maxVUs as number) < (s['preAllocatedVUs'] as number)) {
      problems.push(`${where}: maxVUs must be at least preAllocatedVUs`);
    }
  }
  if ('rate' in s && !(typeof s['rate'] === 'number' && s['rate'] > 0)) {
    problems.push(`${where}: rate must be more than 0`);
  }
  if ('vus' in s && !isCount(s['vus'], 1)) problems.push(`${where}: vus must be ≥ 1`);
  return problems;
}

/** A threshold key's metric and tag filter, parsed as k6 parses `metric{key:value,…}`. */
export function parseThresholdKey(key: string): { metric: string; tags: Record<string, string> } {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  if (open === -1 && close === -1) return { metric: key, tags: {} };
  if (open === -1 || close === -1 || close < open || close !== key.length - 1) {
    throw new Error(`threshold "${key}": braces must enclose the tag filter at the end`);
  }
  const unquote = (text: string): string => text.trim().replace(/^["']+|["']+$/g, '');
  const tags: Record<string, string> = {};
  for (const part of key.slice(open + 1, close).split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1 || part.slice(colon + 1) === '') {
      throw new Error(`threshold "${key}": "${part}" is not tag:value`);
    }
    tags[unquote(part.slice(0, colon))] = unquote(part.slice(colon + 1));
  }
  return { metric: key.slice(0, open), tags };
}

/** What k6 would refuse in a script's thresholds, given the custom metrics it declares. */
export function thresholdProblems(
  thresholds: Record<string, ThresholdSpec[]>,
  customMetrics: ReadonlyMap<string, MetricType>,
): string[] {
  return Object.entries(thresholds).flatMap(([key, specs]) => {
    let metric: string;
    try {
      ({ metric } = parseThresholdKey(key));
    } catch (error) {
      return [(error as Error).message];
    }
    const type = BUILT_IN_METRICS[metric] ?? customMetrics.get(metric);
    if (type === undefined) return [`threshold "${key}": no metric ${metric}`];
    if (specs.length === 0) return [`threshold "${key}": no expression`];
    return specs.flatMap((spec) => {
      const expression = typeof spec === 'string' ? spec : spec.threshold;
      const aggregation = EXPRESSION.exec(expression)?.[1];
      if (aggregation === undefined) {
        return [`threshold "${key}": "${expression}" is not "aggregation operator number"`];
      }
      return AGGREGATIONS[type].test(aggregation)
        ? []
        : [`threshold "${key}": a ${type} has no aggregation ${aggregation}`];
    });
  });
}
