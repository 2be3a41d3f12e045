import { readdirSync } from 'node:fs';
import { DOCS_DIR, filesUnder, readText, repoPath } from './repo';

/** The scenario the tutorial walks through step by step; every other one is a challenge. */
const TUTORIAL_SCENARIO = 'payment-gateway-errors';

const scenarios = readdirSync(repoPath('scenarios'))
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => file.replace(/\.ya?ml$/, ''))
  .sort();
const challenges = scenarios.filter((name) => name !== TUTORIAL_SCENARIO);
const docs = filesUnder(DOCS_DIR);
const cards = docs.filter(
  (file) => /^challenges\/[^/]+\.md$/.test(file) && file !== 'challenges/README.md',
);
const solutions = docs.filter((file) => /^challenges\/solutions\/[^/]+\.md$/.test(file));

describe('docs/challenges', () => {
  it('knows the scenarios (the CLI requires each file to be named after its scenario)', () => {
    expect(scenarios).toContain(TUTORIAL_SCENARIO);
    expect(challenges.length).toBeGreaterThanOrEqual(8);
  });

  it('has one card per scenario other than the tutorial’s, and no card without a scenario', () => {
    expect(cards).toEqual(challenges.map((name) => `challenges/${name}.md`));
  });

  it('has one host’s solution per card', () => {
    expect(solutions).toEqual(challenges.map((name) => `challenges/solutions/${name}.md`));
  });

  it('lists every card in its index', () => {
    const index = readText(repoPath('docs', 'challenges', 'README.md'));
    for (const name of challenges) expect(index).toContain(`(${name}.md)`);
  });

  it('tells how to start each scenario with the CLI, against the compose stack', () => {
    for (const name of challenges) {
      expect(readText(repoPath('docs', 'challenges', `${name}.md`))).toContain(
        `npm run faultline -- run ${name} --token workshop-admin`,
      );
    }
    expect(readText(repoPath('docs', 'tutorial', 'README.md'))).toContain(
      `npm run faultline -- run ${TUTORIAL_SCENARIO} --token workshop-admin`,
    );
  });

  it('uses the admin token the compose stack gives the services (unless FAULTLINE_FAULT_TOKEN replaces it)', () => {
    expect(readText(repoPath('docker-compose.yml'))).toMatch(
      /FAULT_ADMIN_TOKEN: \$\{FAULTLINE_FAULT_TOKEN:-workshop-admin\}$/m,
    );
  });
});
