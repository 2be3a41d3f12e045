import { resolve } from 'node:path';
import { REPO_SCENARIOS_DIR, loadScenarios } from '@faultline/scenarios';
import type { Scenario } from '@faultline/scenarios';

/** The scenarios the control room offers, read once at start, or why there are none. */
export type ScenarioLibrary =
  | { found: true; dir: string; scenarios: readonly Scenario[] }
  | { found: false; dir: string; reason: string };

/**
 * The scenarios of SCENARIOS_DIR. A folder given that does not load stops start-up (it was asked
 * for); the repository's missing or broken only means a control room without scenarios, said in
 * a warning and by GET /control/api/scenarios, so the shop never goes down for want of them.
 */
export function loadScenarioLibrary(configured: string | undefined): ScenarioLibrary {
  const dir = resolve(configured ?? REPO_SCENARIOS_DIR);
  try {
    return { found: true, dir, scenarios: loadScenarios(dir) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (configured !== undefined) throw new Error(`SCENARIOS_DIR: ${reason}`, { cause: error });
    return { found: false, dir, reason: `No scenarios to offer: ${reason}.` };
  }
}
