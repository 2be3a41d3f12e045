import { endRun, extendRun } from '@faultline/fault-admin';
import { useEffect, useMemo, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { ActiveFaults, useActiveFaults } from './active-faults';
import { ClearEverything } from './clear-everything';
import { loadStacks } from './control-api';
import type { OtherStackView, ScenarioView } from './control-api';
import { GuessForm, SeedForm, SingleFaultForm } from './fault-tools';
import { ResetStacks } from './reset-stacks';
import { RunPanel } from './run-panel';
import { ScenarioList } from './scenario-list';
import { activeRunNames } from './stack-actions';
import { StackSelector } from './stack-selector';
import { apiFailureText, controlTarget, onEachStack, targetsOf } from './stacks';
import type { ControlTarget, StackChoice } from './stacks';
import { useRun } from './use-run';

/** "3 faults" on every chosen stack, and which stacks could not (when some could not). */
async function onChosenStacks(
  targets: readonly ControlTarget[],
  act: (target: ControlTarget) => Promise<number>,
): Promise<{ total: number; problems: string }> {
  const done = await onEachStack(targets, act);
  const total = done.reduce((sum, outcome) => sum + (outcome.ok ? outcome.value : 0), 0);
  const failed = done.flatMap((outcome) =>
    outcome.ok ? [] : [`${outcome.target.label}: ${outcome.message}`],
  );
  return { total, problems: failed.length === 0 ? '' : ` Not on ${failed.join('; ')}` };
}

/** Everything the host can do, once the token is accepted; on several stacks when asked. */
export function ControlPanel({
  token,
  scenarios,
  scenariosProblem,
  onTokenRefused,
}: {
  token: string;
  scenarios: ScenarioView[];
  scenariosProblem: string | undefined;
  onTokenRefused: () => void;
}) {
  const [others, setOthers] = useState<OtherStackView[]>([]);
  const [stacksProblem, setStacksProblem] = useState<string>();
  const [choice, setChoice] = useState<StackChoice>({ every: false, key: '' });
  // The room's other stacks, if this gateway knows any: without them, no choice is shown.
  useEffect(() => {
    let current = true;
    loadStacks(token).then(
      (found) => {
        if (current) setOthers(found);
      },
      (error: unknown) => {
        if (current) setStacksProblem(apiFailureText(error));
      },
    );
    return () => {
      current = false;
    };
  }, [token]);
  const everyStack = useMemo(
    () => [controlTarget(token), ...others.map((stack) => controlTarget(token, stack.name))],
    [token, others],
  );
  const targets = useMemo(() => targetsOf(choice, everyStack), [choice, everyStack]);
  const single = targets.length === 1 ? targets[0] : undefined;

  const runs = useRun();
  const active = useActiveFaults(targets, onTokenRefused);
  const announce = useAnnounce();
  /** Mysteries whose answer has been shown (a right guess, or asked for). */
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const reveal = (codename: string) => {
    setRevealed((current) => new Set([...current, codename]));
  };
  const codenames = useMemo(() => new Set(scenarios.map((s) => s.codename)), [scenarios]);
  const playing = runs.run?.state === 'running' || runs.run?.state === 'stopping';
  const runNames = useMemo(
    () => new Set(scenarios.flatMap((s) => [s.name, s.codename])),
    [scenarios],
  );
  const elsewhere = activeRunNames(
    (active.stacks ?? []).flatMap((stack) => stack.outcomes),
    runNames,
  );
  if (playing && runs.run) elsewhere.delete(runs.run.runName);
  /** End or extend a run this tab is not playing, on the chosen stacks, and say how it went. */
  const onRunElsewhere = (action: () => Promise<string>) => {
    action().then(announce, (error: unknown) => {
      announce(apiFailureText(error));
    });
    active.refresh();
  };
  /** A room-wide action on these stacks: the run this tab plays on any of them stops. */
  const stopRunOn = (stacks: readonly ControlTarget[]) => {
    const keys = new Set(stacks.map((stack) => stack.key));
    if (playing && runs.run?.stacks.some((stack) => keys.has(stack.target.key))) runs.stop();
    active.refresh();
  };

  return (
    <>
      <h1 tabIndex={-1}>Fault control room</h1>
      <p className="notice notice-waiting control-tab-note">
        A scenario plays in this tab: keep it open while one runs. If the tab closes, the faults
        already applied expire by themselves at their end time, and the ones still to come are never
        applied.
      </p>
      {stacksProblem && (
        <p className="notice notice-problem" role="alert">
          The room’s other stacks could not be listed: {stacksProblem}
        </p>
      )}
      {others.length > 0 && <StackSelector stacks={others} choice={choice} onChoose={setChoice} />}
      <ClearEverything
        targets={targets}
        onCleared={() => {
          stopRunOn(targets);
        }}
      />
      {runs.run && (
        <RunPanel
          run={runs.run}
          revealed={revealed.has(runs.run.scenario.codename)}
          onReveal={() => {
            if (runs.run) reveal(runs.run.scenario.codename);
          }}
          onStop={() => {
            runs.stop();
            announce('Stopping the run: removing the faults it applied.');
          }}
          onEnd={async () => {
            const removed = await runs.end();
            active.refresh();
            return removed;
          }}
          onExtend={async (seconds) => {
            const extended = await runs.extend(seconds);
            active.refresh();
            return extended;
          }}
          onDismiss={runs.dismiss}
        />
      )}
      <ScenarioList
        scenarios={scenarios}
        problem={scenariosProblem}
        playing={playing}
        activeRuns={elsewhere}
        onEndElsewhere={(runName) => {
          onRunElsewhere(async () => {
            const { total, problems } = await onChosenStacks(targets, (target) =>
              endRun(runName, target.admin),
            );
            active.refresh();
            return `Ended ${runName}: removed ${total} fault${total === 1 ? '' : 's'}.${problems}`;
          });
        }}
        onExtendElsewhere={(runName) => {
          onRunElsewhere(async () => {
            const { total, problems } = await onChosenStacks(
              targets,
              async (target) => (await extendRun(runName, target.admin, 300)).length,
            );
            active.refresh();
            return `Extended ${total} fault${total === 1 ? '' : 's'} of ${runName} by 5 minutes.${problems}`;
          });
        }}
        onStart={(scenario, pace, mystery) => {
          runs.start(scenario, pace, mystery, targets);
          const where = single ? '' : ` on ${targets.length} stacks`;
          announce(
            mystery
              ? `Mystery ${scenario.codename} started${where}.`
              : `Scenario ${scenario.title} started${where}.`,
          );
          active.refresh();
        }}
      />
      <ResetStacks
        targets={targets}
        token={token}
        onReset={() => {
          stopRunOn(targets);
        }}
      />
      <ActiveFaults state={active} codenames={codenames} revealed={revealed} />
      <SingleFaultForm targets={targets} onApplied={active.refresh} />
      <SeedForm targets={targets} />
      {single ? (
        <GuessForm token={token} target={single} onRight={reveal} />
      ) : (
        <section className="control-section" aria-labelledby="guess-heading">
          <h2 id="guess-heading">Guess the mystery</h2>
          <p>Guesses are judged on one stack at a time: choose it above.</p>
        </section>
      )}
    </>
  );
}
