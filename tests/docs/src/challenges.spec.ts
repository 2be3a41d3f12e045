import { readdirSync } from 'node:fs';
import { DOCS_DIR, filesUnder, readText, repoPath } from './repo';

/** The scenario the tutorial walks through step by step, by name; every other one is a mystery. */
const TUTORIAL_SCENARIO = 'payment-gateway-errors';

/** What a card must not say of its scenario: read from the scenario file's top-level fields. */
interface ScenarioFacts {
  name: string;
  codename: string;
  title: string;
  points: string[];
}

/** A top-level scalar of a scenario file, on one line (quotes removed). */
function field(text: string, key: string, file: string): string {
  const value = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`scenarios/${file} has no ${key}`);
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

const scenarios: ScenarioFacts[] = readdirSync(repoPath('scenarios'))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .map((file) => {
    const text = readText(repoPath('scenarios', file));
    return {
      name: file.replace(/\.ya?ml$/, ''),
      codename: field(text, 'codename', file),
      title: field(text, 'title', file),
      points: [...text.matchAll(/^[ \t]*(?:- )?point:[ \t]*(\S+)[ \t]*$/gm)].map(
        (match) => match[1] ?? '',
      ),
    };
  });
const challenges = scenarios.filter((scenario) => scenario.name !== TUTORIAL_SCENARIO);
const docs = filesUnder(DOCS_DIR);
const cards = docs.filter(
  (file) => /^challenges\/[^/]+\.md$/.test(file) && file !== 'challenges/README.md',
);
const solutions = docs.filter((file) => /^challenges\/solutions\/[^/]+\.md$/.test(file));
const cardOf = (scenario: ScenarioFacts): string =>
  readText(repoPath('docs', 'challenges', `${scenario.codename}.md`));
const index = readText(repoPath('docs', 'challenges', 'README.md'));

/** What would give a card's answer away: any challenge's scenario name, its own title and points. */
const giveaways = (scenario: ScenarioFacts): string[] => [
  ...challenges.map((challenge) => challenge.name),
  scenario.title,
  ...scenario.points,
];

describe('docs/challenges', () => {
  it('knows the scenarios, each with a codename of two plain words', () => {
    expect(scenarios.map((scenario) => scenario.name)).toContain(TUTORIAL_SCENARIO);
    expect(challenges.length).toBeGreaterThanOrEqual(8);
    for (const { codename } of scenarios) expect(codename).toMatch(/^[a-z]+-[a-z]+$/);
    expect(new Set(scenarios.map((scenario) => scenario.codename)).size).toBe(scenarios.length);
  });

  it('reads each scenario’s title and fault points from its file', () => {
    const tutorial = scenarios.find((scenario) => scenario.name === TUTORIAL_SCENARIO);
    expect(tutorial).toEqual({
      name: TUTORIAL_SCENARIO,
      codename: 'first-frost',
      title: 'The card gateway fails 30% of charges',
      points: ['payment.gateway.charge'],
    });
    expect(challenges.find((s) => s.name === 'retry-worker-stops')?.points).toEqual([
      'order.retry_worker',
      'payment.gateway.charge',
    ]);
  });

  it('has one card per scenario other than the tutorial’s, named by its codename', () => {
    expect(cards).toEqual(
      challenges.map((scenario) => `challenges/${scenario.codename}.md`).sort(),
    );
  });

  it('titles each card by its codename', () => {
    for (const scenario of challenges) {
      expect(cardOf(scenario).split('\n')[0]).toBe(`# Challenge: ${scenario.codename}`);
    }
  });

  it('gives nothing away in a card: no scenario’s name, nor its own scenario’s title or fault points', () => {
    const found = challenges.flatMap((scenario) => {
      const card = cardOf(scenario).toLowerCase();
      return giveaways(scenario)
        .filter((word) => card.includes(word.toLowerCase()))
        .map((word) => `${scenario.codename}.md: "${word}"`);
    });
    expect(found).toEqual([]);
  });

  it('names no challenge’s scenario or title in the index (the tutorial’s is named on purpose)', () => {
    const lower = index.toLowerCase();
    const found = challenges.flatMap((scenario) =>
      [scenario.name, scenario.title].filter((word) => lower.includes(word.toLowerCase())),
    );
    expect(found).toEqual([]);
  });

  it('lists every card in its index by codename', () => {
    for (const { codename } of challenges) expect(index).toContain(`[${codename}](${codename}.md)`);
  });

  it('starts each mystery by its codename, and ends it and takes a guess with the CLI', () => {
    for (const scenario of challenges) {
      const { codename } = scenario;
      const card = cardOf(scenario);
      expect(card).toContain(
        `npm run faultline -- run --mystery ${codename} --token workshop-admin`,
      );
      expect(card).toContain(`npm run faultline -- end ${codename} --token workshop-admin`);
      expect(card).toContain('npm run faultline -- guess <service> <kind> --token workshop-admin');
    }
    expect(readText(repoPath('docs', 'tutorial', 'README.md'))).toMatch(
      new RegExp(`npm run faultline -- run ${TUTORIAL_SCENARIO} .*--token workshop-admin`),
    );
  });

  it('points each card to the tutorial’s four steps, in its order: logs, metrics, traces, profiles', () => {
    for (const scenario of challenges) {
      const where = /## Where to look\n([\s\S]*?)\n## /.exec(cardOf(scenario))?.[1] ?? '';
      const steps = [...where.matchAll(/^- \*\*(\w+)\*\*/gm)].map((match) => match[1]);
      expect({ card: scenario.codename, steps }).toEqual({
        card: scenario.codename,
        steps: ['Logs', 'Metrics', 'Traces', 'Profiles'],
      });
    }
  });

  it('has one host’s solution per card, named by scenario, that gives its codename and links its card', () => {
    expect(solutions).toEqual(
      challenges.map((scenario) => `challenges/solutions/${scenario.name}.md`),
    );
    for (const { name, codename } of challenges) {
      const solution = readText(repoPath('docs', 'challenges', 'solutions', `${name}.md`));
      expect(solution.split('\n').slice(0, 3).join('\n')).toContain(
        `**Codename:** \`${codename}\``,
      );
      expect(solution).toContain(`](../${codename}.md)`);
    }
  });

  it('uses the admin token the compose stack gives the services (unless FAULTLINE_FAULT_TOKEN replaces it)', () => {
    expect(readText(repoPath('docker-compose.yml'))).toMatch(
      /FAULT_ADMIN_TOKEN: \$\{FAULTLINE_FAULT_TOKEN:-workshop-admin\}$/m,
    );
  });
});
