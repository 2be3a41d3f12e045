export {
  FAULT_POINTS,
  REPO_SCENARIOS_DIR,
  SERVICES,
  ScenarioError,
  loadScenarios,
  parseScenario,
  RELEASE_NAME,
  scenarioSchema,
  scenarioSeconds,
} from './scenario';
export type { Scenario, ScheduledDeployment, ScheduledFault, ServiceName } from './scenario';
export {
  GUESS_KINDS,
  checkGuess,
  mysteryOf,
  parseGuess,
  pickMystery,
  revealOf,
  runningScenario,
} from './mystery';
export type { Guess, GuessKind, MysteryView, Reveal, Verdict } from './mystery';
