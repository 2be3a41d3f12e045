import { FaultAdminError } from '@faultline/fault-admin';
import type { StackAdmin } from '@faultline/fault-admin';
import { PROCESSES, failureText } from './processes';
import type { ProcessName } from './processes';

/** What one process said to a call made on every process: its answer, or why there was none. */
export type ProcessOutcome<T> =
  | { process: ProcessName; ok: true; value: T }
  | { process: ProcessName; ok: false; message: string; unauthorized: boolean };

/**
 * `call` on every process at once; one that fails (unreachable, refusing) is reported and stops
 * no other, as `faultline clear` does.
 */
export async function onEveryProcess<T>(
  stack: StackAdmin<ProcessName>,
  call: (admin: StackAdmin<ProcessName>[ProcessName]) => Promise<T>,
): Promise<ProcessOutcome<T>[]> {
  return Promise.all(
    PROCESSES.map(async (process): Promise<ProcessOutcome<T>> => {
      try {
        return { process, ok: true, value: await call(stack[process]) };
      } catch (error) {
        return {
          process,
          ok: false,
          message: failureText(error),
          unauthorized: error instanceof FaultAdminError && error.failure === 'unauthorized',
        };
      }
    }),
  );
}

/** "Clear everything" in one line per process: how many it removed, or why it could not. */
export const clearedText = (outcome: ProcessOutcome<number>): string =>
  outcome.ok
    ? `${outcome.process}: cleared ${outcome.value} fault${outcome.value === 1 ? '' : 's'}`
    : `${outcome.process}: not cleared: ${outcome.message}`;

/**
 * One stack's share of an action done on every process of several stacks, in one line: what was
 * done, or, when some processes failed, which and why. When every one failed (the whole stack is
 * down, or its gateway refuses the token), the first reason is said once: the others only differ
 * by how each connection happened to fail.
 */
export function stackLine<T>(
  outcomes: readonly ProcessOutcome<T>[],
  done: (values: T[]) => string,
  notDone: string,
): { ok: boolean; text: string } {
  const values = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
  const failed = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome]));
  if (failed.length === 0) return { ok: true, text: done(values) };
  const reasons = [...new Set(failed.map((outcome) => outcome.message))];
  if (values.length === 0) return { ok: false, text: `${notDone}: ${reasons[0] ?? ''}` };
  const where = failed.map((outcome) => outcome.process).join(', ');
  return { ok: false, text: `${done(values)}; ${notDone} on ${where}: ${reasons.join('; ')}` };
}

/** How many faults "Clear everything" removed on a stack. */
export const clearedCount = (counts: number[]): string => {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return `cleared ${total} fault${total === 1 ? '' : 's'}`;
};

/** A rule a mystery run applied (`<codename>.<n>`), unless that mystery has been revealed. */
export function hiddenBy(
  rule: { id: string },
  codenames: ReadonlySet<string>,
  revealed: ReadonlySet<string>,
): string | undefined {
  const prefix = rule.id.replace(/\.\d+$/, '');
  if (prefix === rule.id || !codenames.has(prefix) || revealed.has(prefix)) return undefined;
  return prefix;
}

/**
 * The run names (`<name>` or `<codename>`) with an active fault on some process: runs of
 * scenarios, wherever they were started from (another tab, the CLI, before a reload).
 */
export function activeRunNames(
  outcomes: readonly ProcessOutcome<readonly { id: string }[]>[],
  runNames: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    for (const rule of outcome.value) {
      const prefix = rule.id.replace(/\.\d+$/, '');
      if (prefix !== rule.id && runNames.has(prefix)) found.add(prefix);
    }
  }
  return found;
}
