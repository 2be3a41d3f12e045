import {
  planDeployments,
  planTimeline,
  runDeployments,
  runTimeline,
  speedOf,
  timelineSeconds,
} from '@faultline/fault-admin';
import type { DeploymentsAdmin, Pace, StackAdmin } from '@faultline/fault-admin';
import type { FaultRule } from '@faultline/faults';
import type { Scenario, ServiceName } from '@faultline/scenarios';

const describe = (service: ServiceName, rule: FaultRule): string =>
  `${rule.point} ${rule.kind} (${Math.round(rule.probability * 100)}%) on ${service}`;

const stamp = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export interface RunScenarioOptions {
  pace?: Pace;
  /**
   * Mystery mode: only the codename and the symptoms are shown, the faults are applied under the
   * codename (`<codename>.<n>`) and never described.
   */
  mystery?: boolean;
  /** The services' dice are seeded with it first, so the same scenario rolls the same dice. */
  seed?: number;
  /** Where the scenario's releases are deployed and rolled back (one that ships any needs it). */
  deployments?: DeploymentsAdmin;
}

/**
 * Applies a scenario's faults and ships its releases on its timeline (at `pace`) and waits until
 * the last fault has expired and the last canary is rolled back, saying each step. Aborting
 * (Ctrl-C) removes whatever it applied and rolls back what it shipped.
 */
export async function runScenario(
  scenario: Scenario,
  stack: StackAdmin<ServiceName>,
  out: (line: string) => void,
  signal: AbortSignal,
  options: RunScenarioOptions = {},
): Promise<void> {
  const pace = options.pace ?? {};
  const mystery = options.mystery ?? false;
  const timeline = {
    name: mystery ? scenario.codename : scenario.name,
    faults: scenario.faults,
    deployments: scenario.deployments,
  };
  const plan = planTimeline(timeline, pace);
  const releases = planDeployments(timeline, pace);
  if (releases.length > 0 && options.deployments === undefined) {
    throw new Error(`${scenario.name} ships a release: runScenario needs the deployments admin`);
  }
  const speed = speedOf(scenario, pace);
  const started = Date.now();
  const at = () => stamp(Date.now() - started);
  out(
    mystery
      ? `Mystery ${scenario.codename}\n${scenario.symptoms.trim()}\n\nWhich service, and what is wrong with it? npm run faultline -- guess <service> <kind>\n`
      : `${scenario.title}\n${scenario.story.trim()}\n`,
  );
  if (speed !== 1) {
    out(
      `Played ${speed > 1 ? `${speed.toFixed(2)}x faster` : `${(1 / speed).toFixed(2)}x slower`}: ${stamp(timelineSeconds(scenario) * 1000)} as written, ${stamp((timelineSeconds(scenario) * 1000) / speed)} now.\n`,
    );
  }
  if (options.seed !== undefined) {
    for (const service of new Set(plan.map((f) => f.service)))
      await stack[service].seed(options.seed);
  }
  const [outcome] = await Promise.all([
    plan.length === 0
      ? { stopped: signal.aborted }
      : runTimeline(plan, stack, {
          signal,
          onApplied: (fault, rule) => {
            const what = mystery ? `fault ${rule.id}` : describe(fault.service, rule);
            out(`[${at()}] applied ${what} for ${fault.rule.durationSeconds} s`);
          },
          onAllApplied: (endMs) => {
            out(`[${at()}] running; all faults expire by ${stamp(endMs)} (Ctrl-C clears them now)`);
          },
        }),
    releases.length === 0 || options.deployments === undefined
      ? undefined
      : runDeployments(releases, options.deployments, {
          signal,
          // A release is an event every dashboard shows: mystery mode hides only what it changed.
          onDeployed: (release, { canary }) => {
            const what = mystery
              ? `deployment ${release.id}`
              : `deployment of ${release.service} ${canary.version} as a canary (${release.canaryPercent}% of charges, pid ${canary.pid})`;
            out(
              `[${at()}] applied ${what} for ${release.durationSeconds} s (Ctrl-C rolls it back now)`,
            );
          },
          onRolledBack: (release, rolledBack) => {
            out(
              rolledBack === undefined
                ? `[${at()}] deployment ${release.id} was rolled back from elsewhere`
                : `[${at()}] rolled back deployment ${release.id}: every charge to the stable release, the canary stopped`,
            );
          },
        }),
  ]);
  out(
    signal.aborted || outcome.stopped
      ? `[${at()}] stopped: removed what this run applied`
      : `[${at()}] done: nothing it applied is active any more (expired, or ended)`,
  );
}
