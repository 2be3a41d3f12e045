import { endRun, extendRun } from '@faultline/fault-admin';
import { useMemo, useState } from 'react';
import { useAnnounce } from '../components/announcer';
import { ActiveFaults, useActiveFaults } from './active-faults';
import { ClearEverything } from './clear-everything';
import type { ScenarioView } from './control-api';
import { GuessForm, SeedForm, SingleFaultForm } from './fault-tools';
import { controlStack, failureText } from './processes';
import { RunPanel } from './run-panel';
import { ScenarioList } from './scenario-list';
import { activeRunNames } from './stack-actions';
import { useRun } from './use-run';

/** Everything the host can do, once the token is accepted. */
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
  const stack = useMemo(() => controlStack(token), [token]);
  const runs = useRun(stack);
  const active = useActiveFaults(stack, onTokenRefused);
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
  const elsewhere = activeRunNames(active.outcomes ?? [], runNames);
  if (playing && runs.run) elsewhere.delete(runs.run.runName);
  /** End or extend a run this tab is not playing, and say how it went. */
  const onRunElsewhere = (action: () => Promise<string>) => {
    action().then(announce, (error: unknown) => {
      announce(failureText(error));
    });
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
      <ClearEverything
        stack={stack}
        onCleared={() => {
          if (playing) runs.stop();
          active.refresh();
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
            const n = await endRun(runName, stack);
            active.refresh();
            return `Ended ${runName}: removed ${n} fault${n === 1 ? '' : 's'}.`;
          });
        }}
        onExtendElsewhere={(runName) => {
          onRunElsewhere(async () => {
            const extended = await extendRun(runName, stack, 300);
            active.refresh();
            return `Extended ${extended.length} fault${extended.length === 1 ? '' : 's'} of ${runName} by 5 minutes.`;
          });
        }}
        onStart={(scenario, pace, mystery) => {
          runs.start(scenario, pace, mystery);
          announce(
            mystery
              ? `Mystery ${scenario.codename} started.`
              : `Scenario ${scenario.title} started.`,
          );
          active.refresh();
        }}
      />
      <ActiveFaults stack={stack} state={active} codenames={codenames} revealed={revealed} />
      <SingleFaultForm stack={stack} onApplied={active.refresh} />
      <SeedForm stack={stack} />
      <GuessForm token={token} onRight={reveal} />
    </>
  );
}
