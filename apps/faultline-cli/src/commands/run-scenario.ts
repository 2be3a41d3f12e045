import { planTimeline, runTimeline, speedOf, timelineSeconds } from '@faultline/fault-admin';
import type { Pace, StackAdmin } from '@faultline/fault-admin';
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
}

/**
 * Applies a scenario's faults on its timeline (at `pace`) and waits until the last one has
 * expired, saying each step. Aborting (Ctrl-C) removes whatever it applied.
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
  const plan = planTimeline(
    { name: mystery ? scenario.codename : scenario.name, faults: scenario.faults },
    pace,
  );
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
  const outcome = await runTimeline(plan, stack, {
    signal,
    onApplied: (fault, rule) => {
      const what = mystery ? `fault ${rule.id}` : describe(fault.service, rule);
      out(`[${at()}] applied ${what} for ${fault.rule.durationSeconds} s`);
    },
    onAllApplied: (endMs) => {
      out(`[${at()}] running; all faults expire by ${stamp(endMs)} (Ctrl-C clears them now)`);
    },
  });
  out(
    outcome.stopped
      ? `[${at()}] stopped: removed the faults this run applied`
      : `[${at()}] done: none of its faults is active any more (expired, or ended)`,
  );
}
