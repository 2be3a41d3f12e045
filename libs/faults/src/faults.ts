import { randomBytes } from 'node:crypto';
import { AppError, validationError } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { startMemoryLeak } from './memory-leak';
import {
  DEFAULT_FAULT_DURATION_SECONDS,
  KINDS_BY_POINT,
  faultRuleInput,
  kindWithParams,
} from './rule';
import type { FaultPoint, FaultRule, FaultRuleAt } from './rule';
import { seededRandom } from './seeded-random';

/** Starts a process-level effect for a rule at point `P`; the returned function stops it. */
export type FaultActivation<P extends FaultPoint = FaultPoint> = (
  rule: FaultRuleAt<P>,
) => () => void;

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
  check<P extends FaultPoint>(
    point: P,
    context?: Readonly<Record<string, string>>,
  ): FaultRuleAt<P> | undefined;
  /** Reseeds the random source, so the same scenario rolls the same dice. */
  seed(seed: number): void;
  /** Registers what a rule at `point` does while it is active (lock contention, a stalled worker…). */
  onActivate<P extends FaultPoint>(point: P, activation: FaultActivation<P>): void;
  /** A random number from the seeded source (for jitter). */
  readonly random: () => number;
  /** Stops expiry checks and every active effect. */
  close(): Promise<void>;
}

export interface FaultsOptions {
  /** The registry faultline_fault_active{point,kind} goes on, when `exposeActive` asks for it. */
  metrics?: Metrics;
  /**
   * Exposes faultline_fault_active{point,kind} on `metrics`: the answer to every mystery, so only
   * the host's stack turns it on (EXPOSE_FAULT_METRICS=true); off unless told.
   */
  exposeActive?: boolean;
  seed?: number;
  clock?: () => number;
}

/**
 * A rule as stored, seen from one point. apply() only stores a rule whose kind KINDS_BY_POINT
 * allows at its point, so a rule found at `point` is a FaultRuleAt of it; TypeScript cannot follow
 * that runtime check, hence the one cast.
 */
const atPoint = <P extends FaultPoint>(rule: FaultRule, _point: P): FaultRuleAt<P> =>
  rule as FaultRuleAt<P>;

/** The process-level effect of a memory leak rule (the only kind at process.memory). */
const leakMemory: FaultActivation<'process.memory'> = (rule) => startMemoryLeak(rule.params);

/** The fault-injection engine of one service: rules in memory, evaluated at named points. */
export function createFaults(options: FaultsOptions = {}): Faults {
  const clock = options.clock ?? Date.now;
  let random = seededRandom(options.seed ?? randomBytes(4).readUInt32LE());
  const rules = new Map<string, FaultRule>();
  const stops = new Map<string, () => void>();
  // Keyed by point; each activation only ever sees rules of its own point (see atPoint).
  const activations = new Map<FaultPoint, (rule: FaultRule) => () => void>([
    ['process.memory', (rule) => leakMemory(atPoint(rule, 'process.memory'))],
  ]);

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

  if (options.metrics && options.exposeActive === true) {
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
      const typed = kindWithParams.safeParse({ kind: rule.kind, params: rule.params });
      if (!typed.success) throw validationError(typed.error);
      // Keys in the order the admin API has always answered with: id, point, kind, probability, params…
      const active: FaultRule = Object.assign(
        {
          id: rule.id ?? `${rule.point}.${rule.kind}.${randomBytes(3).toString('hex')}`,
          point: rule.point,
          kind: rule.kind,
          probability: rule.probability,
        },
        typed.data,
        { match: rule.match, until },
      );
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
        if (rule.probability >= 1 || random() < rule.probability) return atPoint(rule, point);
      }
      return undefined;
    },
    seed(seed) {
      random = seededRandom(seed);
    },
    onActivate(point, activation) {
      activations.set(point, (rule) => activation(atPoint(rule, point)));
    },
    random: () => random(),
    close() {
      clearInterval(expiry);
      for (const id of [...rules.keys()]) deactivate(id);
      return Promise.resolve();
    },
  };
}

/** The parameters of a rule that holds things up: latency (`ms` plus up to `jitterMs`) or timeout. */
export interface DelayRule {
  params: { ms: number; jitterMs?: number };
}

/** How long a latency or timeout rule holds things up (fixed + jitter). */
export function faultDelayMs(rule: DelayRule, random: () => number): number {
  return Math.round(rule.params.ms + (rule.params.jitterMs ?? 0) * random());
}
