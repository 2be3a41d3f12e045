import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AppError, validationError } from '../errors';
import type { Metrics } from '../metrics';
import { startMemoryLeak } from './memory-leak';
import {
  DEFAULT_FAULT_DURATION_SECONDS,
  KINDS_BY_POINT,
  PARAMS_BY_KIND,
  faultRuleInput,
} from './rule';
import type { FaultKind, FaultPoint, FaultRule } from './rule';
import { seededRandom } from './seeded-random';

/** Starts a process-level effect for a rule; the returned function stops it. */
export type FaultActivation = (rule: FaultRule) => () => void;

export interface Faults {
  /** Validates and activates a rule (400 AppError naming the field when it is wrong). */
  apply(input: unknown): FaultRule;
  remove(id: string): boolean;
  /** Removes every rule; returns how many there were. */
  clear(): number;
  list(): FaultRule[];
  /**
   * The rule that fires at this point now, if any: the first active rule whose `match` fits the
   * context and whose probability roll succeeds.
   */
  check(point: FaultPoint, context?: Readonly<Record<string, string>>): FaultRule | undefined;
  /** Reseeds the random source, so the same scenario rolls the same dice. */
  seed(seed: number): void;
  /** Registers what a rule at `point` does while it is active (lock contention, a stalled worker…). */
  onActivate(point: FaultPoint, activation: FaultActivation): void;
  /** A random number from the seeded source (for jitter). */
  readonly random: () => number;
  /** Stops expiry checks and every active effect. */
  close(): Promise<void>;
}

export interface FaultsOptions {
  /** Exposes faultline_fault_active{point,kind} on this registry (the instructor's view). */
  metrics?: Metrics;
  seed?: number;
  clock?: () => number;
}

function parseParams(kind: FaultKind, params: unknown): Record<string, unknown> {
  const schema: z.ZodType = PARAMS_BY_KIND[kind];
  const result = schema.safeParse(params);
  if (!result.success) throw validationError(result.error, 'params');
  return result.data as Record<string, unknown>;
}

/** The fault-injection engine of one service: rules in memory, evaluated at named points. */
export function createFaults(options: FaultsOptions = {}): Faults {
  const clock = options.clock ?? Date.now;
  let random = seededRandom(options.seed ?? randomBytes(4).readUInt32LE());
  const rules = new Map<string, FaultRule>();
  const stops = new Map<string, () => void>();
  const activations = new Map<FaultPoint, FaultActivation>([['process.memory', startMemoryLeak]]);

  const deactivate = (id: string): void => {
    stops.get(id)?.();
    stops.delete(id);
    rules.delete(id);
  };
  const pruneExpired = (): void => {
    const now = clock();
    for (const rule of rules.values()) if (Date.parse(rule.until) <= now) deactivate(rule.id);
  };
  const expiry = setInterval(pruneExpired, 1000);
  expiry.unref();

  if (options.metrics) {
    options.metrics.gauge({
      name: 'faultline_fault_active',
      help: 'Active injected faults by point and kind (the instructor view; attendees diagnose without it).',
      labelNames: ['point', 'kind'],
      collect() {
        pruneExpired();
        this.reset();
        for (const rule of rules.values()) this.inc({ point: rule.point, kind: rule.kind });
      },
    });
  }

  return {
    apply(input) {
      const parsed = faultRuleInput.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error);
      const rule = parsed.data;
      if (!KINDS_BY_POINT[rule.point].includes(rule.kind)) {
        throw AppError.validation([
          { name: 'kind', reason: `${rule.point} takes ${KINDS_BY_POINT[rule.point].join(', ')}` },
        ]);
      }
      const until =
        rule.until ??
        new Date(
          clock() + (rule.durationSeconds ?? DEFAULT_FAULT_DURATION_SECONDS) * 1000,
        ).toISOString();
      if (Date.parse(until) <= clock())
        throw AppError.validation([{ name: 'until', reason: 'must be in the future' }]);
      const active: FaultRule = {
        id: rule.id ?? `${rule.point}.${rule.kind}.${randomBytes(3).toString('hex')}`,
        point: rule.point,
        kind: rule.kind,
        probability: rule.probability,
        params: parseParams(rule.kind, rule.params),
        match: rule.match,
        until,
      };
      if (rules.has(active.id)) deactivate(active.id);
      rules.set(active.id, active);
      const activation = activations.get(active.point);
      if (activation) stops.set(active.id, activation(active));
      return active;
    },
    remove(id) {
      if (!rules.has(id)) return false;
      deactivate(id);
      return true;
    },
    clear() {
      const count = rules.size;
      for (const id of [...rules.keys()]) deactivate(id);
      return count;
    },
    list() {
      pruneExpired();
      return [...rules.values()];
    },
    check(point, context = {}) {
      if (rules.size === 0) return undefined;
      const now = clock();
      for (const rule of rules.values()) {
        if (rule.point !== point || Date.parse(rule.until) <= now) continue;
        if (!Object.entries(rule.match).every(([key, value]) => context[key] === value)) continue;
        if (rule.probability >= 1 || random() < rule.probability) return rule;
      }
      return undefined;
    },
    seed(seed) {
      random = seededRandom(seed);
    },
    onActivate(point, activation) {
      activations.set(point, activation);
    },
    random: () => random(),
    close() {
      clearInterval(expiry);
      for (const id of [...rules.keys()]) deactivate(id);
      return Promise.resolve();
    },
  };
}

/** How long a latency or timeout rule holds things up (fixed + jitter). */
export function faultDelayMs(rule: FaultRule, random: () => number): number {
  const ms = Number(rule.params['ms'] ?? 0);
  const jitter = Number(rule.params['jitterMs'] ?? 0);
  return Math.round(ms + jitter * random());
}
