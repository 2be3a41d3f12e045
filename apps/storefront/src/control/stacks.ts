import type { StackAdmin } from '@faultline/fault-admin';
import { isApiError } from '../api/api-error';
import { CONTROL_API, controlStack, failureText } from './processes';
import type { ProcessName } from './processes';

/** How the panel names the stack whose gateway served it. */
export const THIS_STACK = 'this stack';

/** A stack the panel acts on: this one, or another of the room, through this gateway. */
export interface ControlTarget {
  /** '' for this stack; another one's name as the gateway lists it. */
  key: string;
  /** What the panel calls it. */
  label: string;
  /** Its control room API: this gateway's, or this gateway's way to the other one's. */
  base: string;
  /** Every process of it, through the shared client of /admin/faults. */
  admin: StackAdmin<ProcessName>;
}

/** This stack (no name), or another stack of the room by the name the gateway lists it under. */
export function controlTarget(token: string, name?: string): ControlTarget {
  if (name === undefined) {
    return { key: '', label: THIS_STACK, base: CONTROL_API, admin: controlStack(token) };
  }
  const base = `${CONTROL_API}/stacks/${encodeURIComponent(name)}`;
  return { key: name, label: name, base, admin: controlStack(token, base) };
}

/** Which stacks the panel acts on: one of them (by key, '' for this one), or every one. */
export type StackChoice = { every: true } | { every: false; key: string };

/** The stacks a choice names, this stack first; a stack no longer listed falls back to this one. */
export function targetsOf(
  choice: StackChoice,
  all: readonly ControlTarget[],
): readonly ControlTarget[] {
  if (choice.every) return all;
  const one = all.find((target) => target.key === choice.key) ?? all[0];
  return one ? [one] : [];
}

/** What one stack said to an action done on several: its result, or why there was none. */
export type StackOutcome<T> =
  | { target: ControlTarget; ok: true; value: T }
  | { target: ControlTarget; ok: false; message: string };

/** A failed call to a gateway's control room API, in the gateway's own words when it gave some. */
export function apiFailureText(error: unknown): string {
  if (isApiError(error)) {
    const detail = error.problem?.detail;
    if (typeof detail === 'string' && detail !== '') return detail;
    if (error.status === 0) return 'the gateway could not be reached';
  }
  return failureText(error);
}

/**
 * `act` on every stack at once; one that fails (down, refusing the token) is reported with why,
 * and stops no other, as the CLI's --hosts does.
 */
export async function onEachStack<T>(
  targets: readonly ControlTarget[],
  act: (target: ControlTarget) => Promise<T>,
): Promise<StackOutcome<T>[]> {
  return Promise.all(
    targets.map(async (target): Promise<StackOutcome<T>> => {
      try {
        return { target, ok: true, value: await act(target) };
      } catch (error) {
        return { target, ok: false, message: apiFailureText(error) };
      }
    }),
  );
}
