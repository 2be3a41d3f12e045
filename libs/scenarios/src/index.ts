export {
  FAULT_POINTS,
  REPO_SCENARIOS_DIR,
  SERVICES,
  ScenarioError,
  loadScenarios,
  parseScenario,
  scenarioSchema,
} from './scenario';
export type { Scenario, ScheduledFault, ServiceName } from './scenario';
export {
  checkGuess,
  mysteryOf,
  parseGuess,
  pickMystery,
  revealOf,
  runningScenario,
} from './mystery';
export type { Guess, MysteryView, Reveal, Verdict } from './mystery';
