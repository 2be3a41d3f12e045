import { endRun, extendRun, planEndMs, planTimeline, runTimeline } from '@faultline/fault-admin';
import type { Pace, PlannedFault, StackAdmin } from '@faultline/fault-admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioView } from './control-api';
import { failureText } from './processes';
import type { ProcessName } from './processes';

/** A fault the run has applied, as the process answered it. */
export interface AppliedFault {
  service: ProcessName;
  id: string;
  point: string;
  kind: string;
  until: string;
}

/** The scenario this tab is playing (or last played). */
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
  state: 'running' | 'stopping' | 'stopped' | 'ended' | 'failed';
  /** What ended it, when something went wrong or someone ended it. */
  message?: string;
}

/** How often, once all is applied, the run asks whether its faults are still active. */
const POLL_MS = 2000;

/**
 * Plays scenarios in this tab with the shared runTimeline (so the tab must stay open while one
 * plays: its faults expire by themselves if it closes): start, stop (abort: what it applied is
 * removed), extend and end (every fault of the scenario, wherever it was applied from).
 */
export function useRun(stack: StackAdmin<ProcessName>) {
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

  const start = useCallback(
    (scenario: ScenarioView, pace: Pace, mystery: boolean) => {
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
        state: 'running',
      });
      runTimeline(plan, stack, {
        signal: abort.signal,
        pollMs: POLL_MS,
        onApplied: (fault, rule) => {
          if (controller.current !== abort) return;
          update((current) => ({
            applied: [
              ...current.applied,
              {
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
          update((current) => ({
            state: outcome.stopped ? 'stopped' : 'ended',
            // Ended early from elsewhere (the CLI's `end`, another tab): the countdown stops too.
            endsAt: Math.min(current.endsAt, Date.now()),
          }));
        },
        (error: unknown) => {
          if (controller.current !== abort) return;
          update({ state: 'failed', endsAt: Date.now(), message: failureText(error) });
        },
      );
    },
    [stack, update],
  );

  /** Stops playing and removes what this run applied. */
  const stop = useCallback(() => {
    update({ state: 'stopping' });
    controller.current?.abort();
  }, [update]);

  /** Ends the scenario now on every process: this run stops, and any other run of it ends too. */
  const end = useCallback(async (): Promise<number> => {
    const current = run;
    if (!current) return 0;
    update({ state: 'stopping', message: undefined });
    // Removed everywhere first (the count is then theirs), then this run stops, removing any
    // fault it applied in between.
    try {
      return await endRun(current.runName, stack);
    } finally {
      controller.current?.abort();
    }
  }, [run, stack, update]);

  /** Every fault the run has applied stays `seconds` longer; the countdown moves with them. */
  const extend = useCallback(
    async (seconds: number): Promise<number> => {
      const current = run;
      if (!current) return 0;
      const extended = await extendRun(current.runName, stack, seconds);
      const latest = Math.max(0, ...extended.map(({ rule }) => Date.parse(rule.until)));
      update((now) => ({
        endsAt: Math.max(now.endsAt + seconds * 1000, latest),
        applied: now.applied.map((fault) => {
          const found = extended.find(({ rule }) => rule.id === fault.id);
          return found ? { ...fault, until: found.rule.until } : fault;
        }),
      }));
      return extended.length;
    },
    [run, stack, update],
  );

  /** Forgets a run that has finished (stopping nothing). */
  const dismiss = useCallback(() => {
    setRun((current) =>
      current?.state === 'running' || current?.state === 'stopping' ? current : undefined,
    );
  }, []);

  return { run, start, stop, end, extend, dismiss };
}
