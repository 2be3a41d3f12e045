import { FAULT_KINDS } from '@faultline/faults';
import type { FaultKind } from '@faultline/faults';
import { SERVICES, ScenarioError, scenarioSeconds } from './scenario';
import type { Scenario, ServiceName } from './scenario';

/** What mystery mode shows of a scenario: a codename, the symptoms and how long it runs. */
export interface MysteryView {
  codename: string;
  symptoms: string;
  /** When its last fault ends, as written (seconds). */
  runsSeconds: number;
}

/** Everything mystery mode hides, shown when a guess is right or the answer is asked for. */
export interface Reveal {
  name: string;
  codename: string;
  title: string;
  story: string;
  rootCause: string;
  /** The answer: the service at fault and what is wrong with it. */
  answer: { service: ServiceName; fault: string };
  faults: { service: ServiceName; point: string; kind: string }[];
  /** The releases it shipped as canaries. */
  deployments: { service: ServiceName; version: string; canaryPercent: number }[];
}

/**
 * What a guess may name as wrong: a kind of fault, or `regression` (a release that shipped it).
 */
export const GUESS_KINDS = [...FAULT_KINDS, 'regression'] as const;
export type GuessKind = FaultKind | 'regression';

/** A guess: the service at fault and the kind of fault. */
export interface Guess {
  service: ServiceName;
  kind: GuessKind;
}

export type Verdict =
  | { right: true; reveal: Reveal }
  | { right: false; hint: 'right service, another kind of fault' | 'another service' };

export const mysteryOf = (scenario: Scenario): MysteryView => ({
  codename: scenario.codename,
  symptoms: scenario.symptoms.trim(),
  runsSeconds: scenarioSeconds(scenario),
});

export const revealOf = (scenario: Scenario): Reveal => ({
  name: scenario.name,
  codename: scenario.codename,
  title: scenario.title,
  story: scenario.story.trim(),
  rootCause: scenario.rootCause.trim(),
  answer: scenario.expected.diagnosis,
  faults: scenario.faults.map((f) => ({
    service: f.service,
    point: f.rule.point,
    kind: f.rule.kind,
  })),
  deployments: scenario.deployments.map((d) => ({
    service: d.service,
    version: d.version,
    canaryPercent: d.canaryPercent,
  })),
});

/** The scenario with `codename`, or one at random (`random` in [0, 1)) when none is given. */
export function pickMystery(
  scenarios: readonly Scenario[],
  codename: string | undefined,
  random: () => number = Math.random,
): Scenario {
  if (codename === undefined) {
    const picked = scenarios[Math.floor(random() * scenarios.length)];
    if (!picked) throw new ScenarioError('there is no scenario to pick from');
    return picked;
  }
  const found = scenarios.find((s) => s.codename === codename);
  if (!found)
    throw new ScenarioError(
      `no mystery named "${codename}" (see: npm run faultline -- scenarios --mystery)`,
    );
  return found;
}

/** A guess as someone typed it, checked: one line naming what is wrong. */
export function parseGuess(service: string | undefined, kind: string | undefined): Guess {
  if (!service || !(SERVICES as readonly string[]).includes(service))
    throw new ScenarioError(`the service must be one of ${SERVICES.join(', ')}`);
  if (!kind || !(GUESS_KINDS as readonly string[]).includes(kind))
    throw new ScenarioError(`the kind must be one of ${GUESS_KINDS.join(', ')}`);
  return { service: service as ServiceName, kind: kind as GuessKind };
}

/**
 * Right when the guess names the service the scenario's answer names and a kind of fault the
 * scenario puts there (retry-worker-stops' failing charges are its trigger, not its answer), or
 * `regression` where it ships a release.
 * A wrong guess gets a hint that gives away no more than "warmer".
 */
export function checkGuess(scenario: Scenario, guess: Guess): Verdict {
  const answerService = scenario.expected.diagnosis.service;
  if (guess.service !== answerService) return { right: false, hint: 'another service' };
  const right =
    scenario.faults.some((f) => f.service === guess.service && f.rule.kind === guess.kind) ||
    (guess.kind === 'regression' && scenario.deployments.some((d) => d.service === guess.service));
  return right
    ? { right: true, reveal: revealOf(scenario) }
    : { right: false, hint: 'right service, another kind of fault' };
}

/**
 * Which scenario is running, from the ids of the active faults and deployments (a run applies
 * `<codename>.<n>` in mystery mode, `<name>.<n>` otherwise): the first scenario any id belongs to.
 */
export function runningScenario(
  scenarios: readonly Scenario[],
  activeIds: readonly string[],
): { scenario: Scenario; mystery: boolean } | undefined {
  const prefixes = new Set(activeIds.map((id) => id.replace(/\.\d+$/, '')));
  for (const scenario of scenarios) {
    if (prefixes.has(scenario.codename)) return { scenario, mystery: true };
    if (prefixes.has(scenario.name)) return { scenario, mystery: false };
  }
  return undefined;
}
