import type { FaultRule } from '@faultline/faults';
import { FaultAdminError } from './fault-admin';
import type { FaultAdmin, UncheckedRule } from './fault-admin';

/** One fault of a scenario: which process, when it starts, how long it lasts, and the rule. */
export interface TimedFault<Service extends string = string> {
  service: Service;
  startAfterSeconds: number;
  durationSeconds: number;
  rule: UncheckedRule;
}

/** A release a scenario ships: a canary of `service` taking `canaryPercent` of its traffic. */
export interface TimedDeployment {
  service: 'payment';
  version: string;
  canaryPercent: number;
  startAfterSeconds: number;
  durationSeconds: number;
}

/** A scenario's faults (and deployments) on their timeline, under the name their ids carry. */
export interface Timeline<Service extends string = string> {
  /** The prefix of every id the run applies (`<name>.1`, `<name>.2`…). */
  name: string;
  faults: readonly TimedFault<Service>[];
  deployments?: readonly TimedDeployment[];
}

/**
 * How fast to play a timeline: `speed` divides every start and duration (2 = twice as fast);
 * `durationSeconds` sets the speed so the last fault ends then (the tutorial's length). At most
 * one of them; neither plays it as written.
 */
export interface Pace {
  speed?: number;
  durationSeconds?: number;
}

/** A fault as a run will apply it: when (ms after the start), where, and the rule with its id. */
export interface PlannedFault<Service extends string = string> {
  service: Service;
  atMs: number;
  rule: UncheckedRule & { id: string; durationSeconds: number };
}

/** A pace that cannot be played, said in one line naming the option. */
export class PaceError extends Error {
  override name = 'PaceError';
}

/** A deployment as a run will ship it: when (ms after the start), for how long, under which id. */
export interface PlannedDeployment extends Omit<TimedDeployment, 'startAfterSeconds'> {
  atMs: number;
  /** `<name>.<n>`, numbered after the timeline's faults. */
  id: string;
}

/** When the last fault or deployment of a timeline, as written, ends (seconds after the start). */
export const timelineSeconds = (timeline: Timeline): number =>
  Math.max(
    0,
    ...[...timeline.faults, ...(timeline.deployments ?? [])].map(
      (step) => step.startAfterSeconds + step.durationSeconds,
    ),
  );

/** The factor every time of `timeline` is divided by for `pace`. */
export function speedOf(timeline: Timeline, pace: Pace): number {
  if (pace.speed !== undefined && pace.durationSeconds !== undefined)
    throw new PaceError('give --speed or --duration, not both');
  if (pace.speed !== undefined) {
    if (!(pace.speed > 0) || !Number.isFinite(pace.speed))
      throw new PaceError(`--speed must be a number above 0 (got ${pace.speed})`);
    return pace.speed;
  }
  if (pace.durationSeconds !== undefined) {
    if (!(pace.durationSeconds > 0) || !Number.isFinite(pace.durationSeconds))
      throw new PaceError(
        `--duration must be a number of seconds above 0 (got ${pace.durationSeconds})`,
      );
    return timelineSeconds(timeline) / pace.durationSeconds;
  }
  return 1;
}

/**
 * The faults of `timeline` in the order they start, each with its start time and duration at
 * `pace` (a fault lasts at least a second) and the id `<name>.<n>`, numbered as written.
 */
export function planTimeline<Service extends string>(
  timeline: Timeline<Service>,
  pace: Pace = {},
): PlannedFault<Service>[] {
  const speed = speedOf(timeline, pace);
  return timeline.faults
    .map((fault, index) => ({
      service: fault.service,
      atMs: Math.round((fault.startAfterSeconds * 1000) / speed),
      rule: {
        ...fault.rule,
        id: `${timeline.name}.${index + 1}`,
        durationSeconds: Math.max(1, Math.round(fault.durationSeconds / speed)),
      },
    }))
    .sort((a, b) => a.atMs - b.atMs);
}

/**
 * The deployments of `timeline` in the order they start, at `pace` (each lasts at least a second),
 * with ids numbered after its faults'.
 */
export function planDeployments(timeline: Timeline, pace: Pace = {}): PlannedDeployment[] {
  const speed = speedOf(timeline, pace);
  return (timeline.deployments ?? [])
    .map(({ startAfterSeconds, durationSeconds, ...deployment }, index) => ({
      ...deployment,
      atMs: Math.round((startAfterSeconds * 1000) / speed),
      durationSeconds: Math.max(1, Math.round(durationSeconds / speed)),
      id: `${timeline.name}.${timeline.faults.length + index + 1}`,
    }))
    .sort((a, b) => a.atMs - b.atMs);
}

/**
 * Resolves once `atMs` (ms after `started`) has come, or at once when `signal` is aborted (then
 * or later): the wait of a run that Ctrl-C must be able to cut short.
 */
export function waitUntil(started: number, atMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, atMs - (Date.now() - started)));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** When a plan's last fault ends (ms after the start). */
export const planEndMs = (plan: readonly PlannedFault[]): number =>
  Math.max(0, ...plan.map((f) => f.atMs + f.rule.durationSeconds * 1000));

export interface RunTimelineOptions<Service extends string> {
  /** Aborting stops the run and removes every fault it applied. */
  signal: AbortSignal;
  /** Each fault as it is applied, with the rule the process answered. */
  onApplied?: (fault: PlannedFault<Service>, rule: FaultRule) => void;
  /** Once every fault is applied, before waiting for the last to expire. */
  onAllApplied?: (endMs: number) => void;
  /**
   * How often, once every fault is applied, the run asks the processes which of its faults are
   * still active (5 s by default): it ends when none is, so `end` from another terminal ends it,
   * and `extend` keeps it going.
   */
  pollMs?: number;
}

export interface TimelineOutcome {
  /** Whether the run was stopped (aborted) before its last fault expired. */
  stopped: boolean;
  /** Faults this run applied. */
  applied: number;
}

/**
 * Plays a plan against the stack's processes: applies each fault when its time comes, then waits
 * until none of them is active any more (expired, extended and then expired, or ended from
 * elsewhere). Aborting removes what this run applied (a fault already removed by someone else is
 * no error) and ends the run; a process that refuses a fault ends it too, after removing what
 * was applied.
 */
export async function runTimeline<Service extends string>(
  plan: readonly PlannedFault<Service>[],
  admins: Readonly<Record<Service, FaultAdmin>>,
  options: RunTimelineOptions<Service>,
): Promise<TimelineOutcome> {
  const { signal } = options;
  const started = Date.now();
  const applied: { service: Service; id: string }[] = [];
  const wait = (atMs: number) => waitUntil(started, atMs, signal);
  const pollMs = options.pollMs ?? 5000;
  /** Waits while any fault this run applied is active (a process that cannot say counts as yes). */
  const untilNoneActive = async (): Promise<void> => {
    const ids = new Set(applied.map(({ id }) => id));
    const services = [...new Set(applied.map(({ service }) => service))];
    for (;;) {
      await wait(Date.now() - started + pollMs);
      if (signal.aborted) return;
      try {
        const active = (
          await Promise.all(services.map((service) => admins[service].list()))
        ).flat();
        if (!active.some((rule) => ids.has(rule.id))) return;
      } catch {
        // A process that does not answer now may answer at the next poll.
      }
    }
  };
  const removeApplied = async (): Promise<void> => {
    await Promise.all(
      applied.splice(0).map(({ service, id }) => admins[service].remove(id).catch(() => false)),
    );
  };
  try {
    for (const fault of plan) {
      await wait(fault.atMs);
      if (signal.aborted) break;
      const rule = await admins[fault.service].apply(fault.rule);
      applied.push({ service: fault.service, id: rule.id });
      options.onApplied?.(fault, rule);
    }
    if (!signal.aborted) {
      options.onAllApplied?.(planEndMs(plan));
      await untilNoneActive();
    }
  } catch (error) {
    await removeApplied();
    throw error;
  }
  const count = applied.length;
  if (signal.aborted) await removeApplied();
  return { stopped: signal.aborted, applied: count };
}

/**
 * Every active rule on every process. A process that cannot be reached holds none (faults live in
 * the process); a refused token is an error.
 */
export async function activeFaults<Service extends string>(
  admins: Readonly<Record<Service, FaultAdmin>>,
): Promise<{ service: Service; rule: FaultRule }[]> {
  const found = await Promise.all(
    (Object.entries(admins) as [Service, FaultAdmin][]).map(async ([service, admin]) => {
      try {
        return (await admin.list()).map((rule) => ({ service, rule }));
      } catch (error) {
        if (error instanceof FaultAdminError && error.failure === 'unreachable') return [];
        throw error;
      }
    }),
  );
  return found.flat();
}

/** The active rules a run of `name` applied, on each process: ids `<name>.<n>` (see activeFaults). */
export async function activeRunFaults<Service extends string>(
  name: string,
  admins: Readonly<Record<Service, FaultAdmin>>,
): Promise<{ service: Service; rule: FaultRule }[]> {
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+$`);
  return (await activeFaults(admins)).filter(({ rule }) => pattern.test(rule.id));
}

/**
 * Ends a running scenario early, from anywhere (another terminal, the panel): removes the rules
 * its run applied on every process. How many there were.
 */
export async function endRun<Service extends string>(
  name: string,
  admins: Readonly<Record<Service, FaultAdmin>>,
): Promise<number> {
  const active = await activeRunFaults(name, admins);
  await Promise.all(active.map(({ service, rule }) => admins[service].remove(rule.id)));
  return active.length;
}

/**
 * Extends a running scenario: every rule its run applied stays active `bySeconds` longer (applied
 * again under the same id with a later `until`; a memory leak starts over from nothing).
 * The rules as they are now.
 */
export async function extendRun<Service extends string>(
  name: string,
  admins: Readonly<Record<Service, FaultAdmin>>,
  bySeconds: number,
): Promise<{ service: Service; rule: FaultRule }[]> {
  if (!(bySeconds > 0) || !Number.isFinite(bySeconds))
    throw new PaceError(`--by must be a number of seconds above 0 (got ${bySeconds})`);
  const active = await activeRunFaults(name, admins);
  return Promise.all(
    active.map(async ({ service, rule }) => ({
      service,
      rule: await admins[service].apply({
        ...rule,
        until: new Date(Date.parse(rule.until) + bySeconds * 1000).toISOString(),
      }),
    })),
  );
}
