import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkGuess,
  mysteryOf,
  parseGuess,
  pickMystery,
  revealOf,
  runningScenario,
} from './mystery';
import { REPO_SCENARIOS_DIR, ScenarioError, loadScenarios } from './scenario';

const scenarios = loadScenarios(REPO_SCENARIOS_DIR);
const named = (name: string) => {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};

/** Words that name a cause; symptoms say what people notice. */
const GIVEAWAYS = [
  'leak',
  'memory',
  'cpu',
  'reset',
  'connection',
  'network',
  'database',
  'lock',
  'heartbeat',
  'worker',
  'retry',
  'breaker',
  'fraud',
  'catalog',
  'inventory',
  'gateway',
  'card brand',
  'mastercard',
];

describe('the scenarios in mystery mode', () => {
  it('each have a codename of two plain words, none the same, none a scenario name', () => {
    const codenames = scenarios.map((s) => s.codename);
    expect(new Set(codenames).size).toBe(scenarios.length);
    for (const s of scenarios) {
      expect(s.codename).toMatch(/^[a-z]+-[a-z]+$/);
      const nameWords = new Set(s.name.split('-'));
      expect(s.codename.split('-').filter((word) => nameWords.has(word))).toEqual([]);
    }
  });

  it.each(scenarios.map((s) => [s.codename, s] as const))(
    '%s: the symptoms never name the cause',
    (_codename, scenario) => {
      const symptoms = mysteryOf(scenario).symptoms.toLowerCase();
      expect(GIVEAWAYS.filter((word) => symptoms.includes(word))).toEqual([]);
      for (const fault of scenario.faults) expect(symptoms).not.toContain(fault.rule.point);
    },
  );

  it('picks a scenario by codename, or at random', () => {
    expect(pickMystery(scenarios, 'silver-fox').name).toBe('gateway-order-network-reset');
    expect(pickMystery(scenarios, undefined, () => 0)).toBe(scenarios[0]);
    expect(pickMystery(scenarios, undefined, () => 0.999)).toBe(scenarios.at(-1));
    expect(() => pickMystery(scenarios, 'catalog-memory-leak')).toThrow(
      new ScenarioError(
        'no mystery named "catalog-memory-leak" (see: npm run faultline -- scenarios --mystery)',
      ),
    );
  });

  it('judges a guess by the answer’s service and the kind of fault put there', () => {
    const leak = named('catalog-memory-leak');
    expect(checkGuess(leak, { service: 'catalog', kind: 'memory_leak' })).toMatchObject({
      right: true,
      reveal: {
        name: 'catalog-memory-leak',
        answer: { service: 'catalog', fault: 'memory leak' },
        faults: [{ service: 'catalog', point: 'process.memory', kind: 'memory_leak' }],
      },
    });
    expect(checkGuess(leak, { service: 'catalog', kind: 'latency' })).toEqual({
      right: false,
      hint: 'right service, another kind of fault',
    });
    expect(checkGuess(leak, { service: 'payment', kind: 'memory_leak' })).toEqual({
      right: false,
      hint: 'another service',
    });
    // The failing charges only trigger retry-worker-stops: the answer is the stopped worker.
    const stuck = named('retry-worker-stops');
    expect(checkGuess(stuck, { service: 'payment', kind: 'error' }).right).toBe(false);
    expect(checkGuess(stuck, { service: 'order', kind: 'stop_heartbeat' }).right).toBe(true);
  });

  it('checks a typed guess, naming what is wrong in one line', () => {
    expect(parseGuess('order', 'connection_reset')).toEqual({
      service: 'order',
      kind: 'connection_reset',
    });
    expect(() => parseGuess('basket', 'latency')).toThrow(
      'the service must be one of catalog, inventory, order, payment, gateway',
    );
    expect(() => parseGuess('order', 'gremlins')).toThrow(/^the kind must be one of error, /);
  });

  it('tells which scenario runs from the ids of the active faults', () => {
    expect(runningScenario(scenarios, ['http.server.latency.abc123', 'silver-fox.1'])).toEqual({
      scenario: named('gateway-order-network-reset'),
      mystery: true,
    });
    expect(runningScenario(scenarios, ['payment-gateway-errors.1'])).toEqual({
      scenario: named('payment-gateway-errors'),
      mystery: false,
    });
    expect(runningScenario(scenarios, ['by-hand'])).toBeUndefined();
  });

  it('reveals everything mystery mode hid', () => {
    const reveal = revealOf(named('payment-gateway-errors'));
    expect(reveal).toMatchObject({
      codename: 'first-frost',
      title: 'The card gateway fails 30% of charges',
      answer: { service: 'payment' },
    });
    expect(reveal.rootCause.length).toBeGreaterThan(20);
  });

  it('refuses a folder where two scenarios share a codename, naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    for (const name of ['card-brand-declines', 'inventory-db-slowdown']) {
      const text = readFileSync(join(REPO_SCENARIOS_DIR, `${name}.yaml`), 'utf8');
      writeFileSync(
        join(dir, `${name}.yaml`),
        text.replace(/^codename: .*$/m, 'codename: same-name'),
      );
    }
    expect(() => loadScenarios(dir)).toThrow(
      `${join(dir, 'inventory-db-slowdown.yaml')}: codename: same-name is already the codename of card-brand-declines`,
    );
  });
});
