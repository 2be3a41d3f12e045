import { checkGuess, runningScenario } from '@faultline/scenarios';
import type { Guess, Scenario, Verdict } from '@faultline/scenarios';
import type { ActiveFaults } from './ports';

/**
 * A guess judged against the scenario running now, which the active rules' ids tell
 * (`<codename>.<n>` for a mystery, `<name>.<n>` otherwise); undefined when none is running.
 */
export async function judgeGuess(
  scenarios: readonly Scenario[],
  active: ActiveFaults,
  guess: Guess,
): Promise<Verdict | undefined> {
  const running = runningScenario(scenarios, await active.ids());
  return running && checkGuess(running.scenario, guess);
}
