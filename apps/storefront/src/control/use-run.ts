import { endRun, extendRun, planEndMs, planTimeline, runTimeline } from '@faultline/fault-admin';
import type { Pace, PlannedFault } from '@faultline/fault-admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioView } from './control-api';
import { failureText } from './processes';
import type { ProcessName } from './processes';
import { onEachStack } from './stacks';
import type { ControlTarget } from './stacks';

/** A fault the run has applied, as the process answered it, on which stack. */
export interface AppliedFault {
  /** The stack's label ('this stack', or its name in the room). */
  stack: string;
  service: ProcessName;
  id: string;
  point: string;
  kind: string;
  until: string;
}

type RunState = 'running' | 'stopping' | 'stopped' | 'ended' | 'failed';

/** How the run goes on one of its stacks: a stack that is down fails alone. */
export interface StackRun {
  target: ControlTarget;
  state: RunState;
  /** Why it failed there. */
  message?: string;
}

/** The scenario this tab is playing (or last played), on one stack or several at once. */
export interface Run {
  scenario: ScenarioView;
  /** Mystery mode: rule ids carry the codename and the run view never says what they are. */
  mystery: boolean;
  /** The prefix of its rule ids: the name, or the codename in mystery mode. */
  runName: string;
  plan: readonly PlannedFault<ProcessName>[];
  startedAt: number;
  /** When its last fault expires (moved on by extend). */
  endsAt: number;
  applied: AppliedFault[];
  /** Each stack it plays on, in the order chosen. */
  stacks: StackRun[];
  /** The whole run: running while it runs on any stack (see overallState). */
  state: RunState;
  /** What ended it, when something went wrong or someone ended it (one stack: its failure). */
  message?: string;
}

/** How often, once all is applied, the run asks whether its faults are still active. */
const POLL_MS = 2000;

/**
 * The run's state from its stacks': running or stopping while any is; failed when every stack
 * failed; else stopped when any was stopped, ended otherwise.
 */
export function overallState(states: readonly RunState[]): RunState {
  if (states.includes('running')) return 'running';
  if (states.includes('stopping')) return 'stopping';
  if (states.length > 0 && states.every((state) => state === 'failed')) return 'failed';
  return states.includes('stopped') ? 'stopped' : 'ended';
}

/** Several stacks' counts as one number, and why the stacks that failed did. */
async function onEveryRunStack(
  stacks: readonly StackRun[],
  act: (target: ControlTarget) => Promise<number>,
): Promise<{ total: number; problems: string[] }> {
  const outcomes = await onEachStack(
    stacks.map((stack) => stack.target),
    act,
  );
  const total = outcomes.reduce((sum, outcome) => sum + (outcome.ok ? outcome.value : 0), 0);
  const problems = outcomes.flatMap((outcome) =>
    outcome.ok ? [] : [`${outcome.target.label}: ${outcome.message}`],
  );
  if (stacks.length === 1 && problems.length > 0) {
    const [only] = outcomes;
    throw new Error(only && !only.ok ? only.message : problems.join('; '));
  }
  return { total, problems };
}

/**
 * Plays scenarios in this tab with the shared runTimeline (so the tab must stay open while one
 * plays: its faults expire by themselves if it closes), on one stack or on several at once (one
 * timeline per stack, so one that is down fails alone and the others play on): start, stop
 * (abort: what it applied is removed), extend and end (every fault of the scenario, wherever it
 * was applied from).
 */
export function useRun() {
  const [run, setRun] = useState<Run>();
  const controller = useRef<AbortController>(undefined);

  // Leaving the page stops the run: nothing would be left to play the rest of its timeline.
  useEffect(() => () => controller.current?.abort(), []);

  const update = useCallback((changes: Partial<Run> | ((current: Run) => Partial<Run>)) => {
    setRun(
      (current) =>
        current && { ...current, ...(typeof changes === 'function' ? changes(current) : changes) },
    );
  }, []);

  /** One stack's run changed: the run's state follows, and its countdown stops when all ended. */
  const updateStack = useCallback(
    (key: string, changes: Partial<StackRun>) => {
      update((current) => {
        const stacks = current.stacks.map((stack) =>
          stack.target.key === key ? { ...stack, ...changes } : stack,
        );
        const state = overallState(stacks.map((stack) => stack.state));
        const single = stacks.length === 1 ? stacks[0] : undefined;
        return {
          stacks,
          state,
          ...(single?.message !== undefined && { message: single.message }),
          ...(state !== 'running' &&
            state !== 'stopping' && { endsAt: Math.min(current.endsAt, Date.now()) }),
        };
      });
    },
    [update],
  );

  const start = useCallback(
    (scenario: ScenarioView, pace: Pace, mystery: boolean, targets: readonly ControlTarget[]) => {
      controller.current?.abort();
      const runName = mystery ? scenario.codename : scenario.name;
      // Throws a PaceError for a pace it cannot play: the caller says so by the field.
      const plan = planTimeline({ name: runName, faults: scenario.faults }, pace);
      const abort = new AbortController();
      controller.current = abort;
      const startedAt = Date.now();
      setRun({
        scenario,
        mystery,
        runName,
        plan,
        startedAt,
        endsAt: startedAt + planEndMs(plan),
        applied: [],
        stacks: targets.map((target) => ({ target, state: 'running' })),
        state: 'running',
      });
      for (const target of targets) {
        runTimeline(plan, target.admin, {
          signal: abort.signal,
          pollMs: POLL_MS,
          onApplied: (fault, rule) => {
            if (controller.current !== abort) return;
            update((current) => ({
              applied: [
                ...current.applied,
                {
                  stack: target.label,
                  service: fault.service,
                  id: rule.id,
                  point: rule.point,
                  kind: rule.kind,
                  until: rule.until,
                },
              ],
            }));
          },
        }).then(
          (outcome) => {
            if (controller.current !== abort) return;
            // Ended early from elsewhere (the CLI's `end`, another tab): the countdown stops too.
            updateStack(target.key, { state: outcome.stopped ? 'stopped' : 'ended' });
          },
          (error: unknown) => {
            if (controller.current !== abort) return;
            updateStack(target.key, { state: 'failed', message: failureText(error) });
          },
        );
      }
    },
    [update, updateStack],
  );

  /** Marks the run as stopping on every stack it still plays on. */
  const stopping = useCallback(() => {
    update((current) => ({
      state: 'stopping',
      message: undefined,
      stacks: current.stacks.map((stack) =>
        stack.state === 'running' ? { ...stack, state: 'stopping' } : stack,
      ),
    }));
  }, [update]);

  /** Stops playing and removes what this run applied, on every stack it plays on. */
  const stop = useCallback(() => {
    stopping();
    controller.current?.abort();
  }, [stopping]);

  /**
   * Ends the scenario now on every process of its stacks: this run stops, and any other run of it
   * ends too. How many faults were removed, and why a stack could not end it (several stacks);
   * one stack's failure is thrown.
   */
  const end = useCallback(async (): Promise<{ total: number; problems: string[] }> => {
    const current = run;
    if (!current) return { total: 0, problems: [] };
    stopping();
    // Removed everywhere first (the count is then theirs), then this run stops, removing any
    // fault it applied in between.
    try {
      return await onEveryRunStack(current.stacks, (target) =>
        endRun(current.runName, target.admin),
      );
    } finally {
      controller.current?.abort();
    }
  }, [run, stopping]);

  /** Every fault the run has applied stays `seconds` longer; the countdown moves with them. */
  const extend = useCallback(
    async (seconds: number): Promise<{ total: number; problems: string[] }> => {
      const current = run;
      if (!current) return { total: 0, problems: [] };
      const latest: { id: string; stack: string; until: string }[] = [];
      const done = await onEveryRunStack(current.stacks, async (target) => {
        const extended = await extendRun(current.runName, target.admin, seconds);
        for (const { rule } of extended) {
          latest.push({ id: rule.id, stack: target.label, until: rule.until });
        }
        return extended.length;
      });
      const last = Math.max(0, ...latest.map(({ until }) => Date.parse(until)));
      update((now) => ({
        endsAt: Math.max(now.endsAt + seconds * 1000, last),
        applied: now.applied.map((fault) => {
          const found = latest.find(({ id, stack }) => id === fault.id && stack === fault.stack);
          return found ? { ...fault, until: found.until } : fault;
        }),
      }));
      return done;
    },
    [run, update],
  );

  /** Forgets a run that has finished (stopping nothing). */
  const dismiss = useCallback(() => {
    setRun((current) =>
      current?.state === 'running' || current?.state === 'stopping' ? current : undefined,
    );
  }, []);

  return { run, start, stop, end, extend, dismiss };
}
