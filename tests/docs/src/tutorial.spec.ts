import { scanMarkdown, scenarioRuns } from '@faultline/dashboards';
import { readText, repoPath } from './repo';

const TUTORIAL = readText(repoPath('docs', 'tutorial', 'README.md'));
const lines = TUTORIAL.split('\n');
/** The 1-based line of the first heading that starts with `text`. */
const headingLine = (text: string): number => {
  const index = lines.findIndex((line) => /^#{2,3} /.test(line) && line.includes(text));
  if (index < 0) throw new Error(`docs/tutorial/README.md has no heading with "${text}"`);
  return index + 1;
};

/** The tutorial's length as its introduction states it ("Allow about an hour"). */
const STATED_SECONDS = 3600;

describe('docs/tutorial: the incident as the product tells it', () => {
  it('says how long it takes, and starts its scenario for at least that long', () => {
    expect(TUTORIAL).toContain('Allow about an hour.');
    const [first] = scenarioRuns(TUTORIAL);
    expect(first?.scenario).toBe('payment-gateway-errors');
    // As written the scenario lasts 15 minutes; the run stretches it past the last step.
    const file = readText(repoPath('scenarios', 'payment-gateway-errors.yaml'));
    const seconds = (key: string): number[] =>
      [...file.matchAll(new RegExp(`^\\s*${key}:\\s*(\\d+)\\s*$`, 'gm'))].map((m) => Number(m[1]));
    const starts = seconds('startAfterSeconds');
    const durations = seconds('durationSeconds');
    expect(starts.length).toBe(durations.length);
    const written = Math.max(...starts.map((start, i) => start + (durations[i] ?? 0)));
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(STATED_SECONDS);
    expect(first?.durationSeconds).toBeGreaterThanOrEqual(STATED_SECONDS);
  });

  it('starts from a customer’s message with an order number, then walks logs, metrics, traces and profiles in order', () => {
    const message = lines.findIndex(
      (line) => /^> .*Order number/i.test(line) || /^> .*order/.test(line),
    );
    expect(message).toBeGreaterThan(-1);
    expect(message + 1).toBeLessThan(headingLine('0. Start the shop'));
    const steps = [
      headingLine('Step 1 — Logs'),
      headingLine('Step 2 — Metrics'),
      headingLine('Step 3 — Traces'),
      headingLine('Step 4 — Profiles'),
      headingLine('Mitigate'),
      headingLine('Postmortem'),
    ];
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it('finds the customer’s order in the logs by its number, the same number the message gives', () => {
    const number = /Order number\s+([0-9a-f-]{36})/.exec(TUTORIAL.replace(/\n> /g, ' '))?.[1];
    expect(number).toBeDefined();
    const logs = scanMarkdown('tutorial/README.md', TUTORIAL).queries.filter(
      (q) =>
        q.language === 'logql' &&
        q.line > headingLine('Step 1 — Logs') &&
        q.line < headingLine('Step 2 — Metrics'),
    );
    expect(logs.map((q) => q.query)).toEqual(
      expect.arrayContaining([expect.stringContaining(`order_id="${number ?? ''}"`)]),
    );
  });

  it('expects the incident before the fix and the recovery after it, never the other way round', () => {
    const fix = headingLine('Mitigate');
    const cleared = lines.findIndex((line) => line.includes('npm run faultline -- clear')) + 1;
    expect(cleared).toBeGreaterThan(fix);
    const expected = scanMarkdown('tutorial/README.md', TUTORIAL).queries.filter(
      (q) => q.expect !== undefined,
    );
    const misplaced = expected
      .filter((q) =>
        q.phase === 'after the fix'
          ? q.line < cleared
          : q.line > fix && q.line < headingLine('Postmortem'),
      )
      .map((q) => `${q.line}: ${q.phase ?? ''}: ${q.query}`);
    expect(misplaced).toEqual([]);
    expect(expected.filter((q) => q.phase === 'after the fix').length).toBeGreaterThanOrEqual(2);
  });
});
