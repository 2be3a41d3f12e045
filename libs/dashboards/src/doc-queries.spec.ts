import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expectationHolds,
  scenarioRuns,
  formatExpectation,
  parseExpectation,
  scanDocs,
  scanMarkdown,
} from './doc-queries';

const doc = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('scanMarkdown', () => {
  it('returns each tagged query with its language, first line and expectation', () => {
    const scan = scanMarkdown(
      'tutorial/README.md',
      doc(
        '# Title',
        '',
        '```promql',
        'sum(rate(payments_total{outcome="gateway_error"}[5m]))',
        '```',
        '<!-- expect: > 0 -->',
        '',
        '```logql',
        '{service_name="payment"} | event="payment_gateway_failed"',
        '```',
        '',
        '```traceql',
        '{ name = "card_gateway.charge" && status = error }',
        '```',
        '',
        '```promql',
        'up',
        '```',
        '',
        '<!-- expect: nonempty -->',
        '',
        '```promql',
        'sum(order_retry_queue_depth)',
        '```',
        '',
        '<!-- expect after the fix: == 0 -->',
      ),
    );
    expect(scan.problems).toEqual([]);
    expect(scan.queries).toEqual([
      {
        file: 'tutorial/README.md',
        line: 4,
        language: 'promql',
        query: 'sum(rate(payments_total{outcome="gateway_error"}[5m]))',
        expect: { op: '>', value: 0 },
        phase: 'incident',
      },
      {
        file: 'tutorial/README.md',
        line: 9,
        language: 'logql',
        query: '{service_name="payment"} | event="payment_gateway_failed"',
      },
      {
        file: 'tutorial/README.md',
        line: 13,
        language: 'traceql',
        query: '{ name = "card_gateway.charge" && status = error }',
      },
      {
        file: 'tutorial/README.md',
        line: 17,
        language: 'promql',
        query: 'up',
        expect: 'nonempty',
        phase: 'incident',
      },
      {
        file: 'tutorial/README.md',
        line: 23,
        language: 'promql',
        query: 'sum(order_retry_queue_depth)',
        expect: { op: '==', value: 0 },
        phase: 'after the fix',
      },
    ]);
  });

  it('keeps a multi-line query whole and removes the indentation of a block inside a list', () => {
    const scan = scanMarkdown(
      'a.md',
      doc('1. Run:', '', '   ```promql', '   sum by (job) (', '     up', '   )', '   ```'),
    );
    expect(scan.queries.map((q) => q.query)).toEqual(['sum by (job) (\n  up\n)']);
  });

  it('ignores other code blocks, and bold text or comments inside them', () => {
    const scan = scanMarkdown(
      'a.md',
      doc('```sh', 'echo "**Shop overview › Nope**"', '<!-- expect: > 0 -->', '```'),
    );
    expect(scan).toEqual({ queries: [], references: [], problems: [] });
  });

  it('reports blocks tagged in a way the checks would skip', () => {
    const scan = scanMarkdown('a.md', doc('```PromQL', 'up', '```', '```prometheus', 'up', '```'));
    expect(scan.queries).toEqual([]);
    expect(scan.problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'tag the block ```promql (lower case) so the query is checked'],
      [4, 'tag the block ```promql (lower case) so the query is checked'],
    ]);
  });

  it('reports Grafana variables, empty blocks and unclosed blocks', () => {
    const scan = scanMarkdown(
      'a.md',
      doc(
        '```promql',
        'rate(up{job="$service"}[$__rate_interval])',
        '```',
        '```logql',
        '```',
        '```traceql',
        '{ }',
      ),
    );
    expect(scan.problems.map((p) => p.message)).toEqual([
      'a promql query with a Grafana variable: write a literal query',
      'an empty logql block',
      'the code block opened here is never closed',
    ]);
  });

  it('reports an expect comment that is unreadable, misplaced or on another language', () => {
    const scan = scanMarkdown(
      'a.md',
      doc(
        '```promql',
        'up',
        '```',
        '<!-- expect: about 3 -->',
        '```logql',
        '{job="x"}',
        '```',
        '<!-- expect: > 0 -->',
        '```promql',
        'up',
        '```',
        'Some prose.',
        '<!-- expect: > 0 -->',
      ),
    );
    expect(scan.problems.map((p) => [p.line, p.message])).toEqual([
      [4, 'cannot read "about 3": write > 0, <= 0.9, == 1 or nonempty'],
      [8, 'expect comments belong to promql blocks, not logql'],
      [13, 'an expect comment must directly follow a promql block'],
    ]);
    expect(scan.queries.map((q) => q.expect)).toEqual([undefined, undefined, undefined]);
  });

  it('finds panel references and dashboards named as such, outside inline code', () => {
    const scan = scanMarkdown(
      'a.md',
      doc(
        'Open the **Shop overview** dashboard and read **Shop overview › Payment success ratio**.',
        'Then the **Service RED**, **Load** and **Checkout dependencies** dashboards.',
        'A **bold remark** is not a reference, nor is `**Code › Span**`.',
        'See **Instructor** dashboards too, and **Load**. Leave the **Instructor**',
        'dashboard alone.',
      ),
    );
    expect(scan.problems).toEqual([]);
    expect(scan.references.map((r) => [r.line, r.dashboard, r.panel])).toEqual([
      [1, 'Shop overview', undefined],
      [1, 'Shop overview', 'Payment success ratio'],
      [2, 'Service RED', undefined],
      [2, 'Load', undefined],
      [2, 'Checkout dependencies', undefined],
      [4, 'Instructor', undefined],
      [4, 'Instructor', undefined],
    ]);
    expect(scan.references[1]?.text).toBe('**Shop overview › Payment success ratio**');
  });

  it('reports a reference with more than one separator', () => {
    const scan = scanMarkdown('a.md', doc('**Shop overview › Now › Orders per minute**'));
    expect(scan.references).toEqual([]);
    expect(scan.problems[0]?.message).toContain('a panel reference is **Dashboard › Panel**');
  });
});

describe('expectations', () => {
  it('reads the comparison forms and nonempty, and nothing else', () => {
    expect(parseExpectation('> 0')).toEqual({ op: '>', value: 0 });
    expect(parseExpectation(' <= 0.9 ')).toEqual({ op: '<=', value: 0.9 });
    expect(parseExpectation('==1')).toEqual({ op: '==', value: 1 });
    expect(parseExpectation('>= -2.5')).toEqual({ op: '>=', value: -2.5 });
    expect(parseExpectation('nonempty')).toBe('nonempty');
    for (const bad of ['', '>', '= 1', '!= 0', 'empty', '> zero', '0 <'])
      expect(parseExpectation(bad)).toBeUndefined();
  });

  it('writes an expectation back the way it is read', () => {
    expect(formatExpectation({ op: '<', value: 0.9 })).toBe('< 0.9');
    expect(formatExpectation('nonempty')).toBe('nonempty');
  });

  it('holds only when every sample satisfies it, and never on an empty result', () => {
    expect(expectationHolds({ op: '>', value: 0 }, [0.2, 3])).toBe(true);
    expect(expectationHolds({ op: '>', value: 0 }, [0.2, 0])).toBe(false);
    expect(expectationHolds({ op: '<', value: 0.9 }, [0.7])).toBe(true);
    expect(expectationHolds({ op: '<', value: 0.9 }, [Number.NaN])).toBe(false);
    expect(expectationHolds({ op: '==', value: 1 }, [1, 1])).toBe(true);
    expect(expectationHolds({ op: '>=', value: 1 }, [])).toBe(false);
    expect(expectationHolds('nonempty', [0])).toBe(true);
    expect(expectationHolds('nonempty', [])).toBe(false);
  });
});

describe('scanDocs', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-docs-'));
    mkdirSync(join(dir, 'challenges', 'solutions'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'README.md'), doc('The **Load** dashboard.'));
    writeFileSync(join(dir, 'challenges', 'solutions', 'x.md'), doc('```promql', 'up', '```'));
    writeFileSync(join(dir, 'challenges', 'notes.txt'), doc('```promql', 'ignored', '```'));
    writeFileSync(join(dir, 'node_modules', 'y.md'), doc('```promql', 'ignored', '```'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every .md file below the folder, naming each relative to it', () => {
    const scan = scanDocs(dir);
    expect(scan.queries.map((q) => [q.file, q.query])).toEqual([
      ['challenges/solutions/x.md', 'up'],
    ]);
    expect(scan.references.map((r) => [r.file, r.dashboard])).toEqual([['README.md', 'Load']]);
  });
});

describe('scenarioRuns', () => {
  it('finds each faultline run of a code block with its --duration, and nothing in prose', () => {
    const markdown = [
      'Run `npm run faultline -- run in-prose --duration 5` later.',
      '```sh',
      'npm run faultline -- run payment-gateway-errors --duration 3600 --token workshop-admin',
      'npm run faultline -- run --mystery glass-river',
      'npm run faultline -- run payment-canary-regression   # --duration 60 in a comment',
      'docker compose run --rm faultline run slow-tide --duration=900',
      '```',
    ].join('\n');
    expect(scenarioRuns(markdown)).toEqual([
      { line: 3, scenario: 'payment-gateway-errors', durationSeconds: 3600 },
      { line: 5, scenario: 'payment-canary-regression' },
      { line: 6, scenario: 'slow-tide', durationSeconds: 900 },
    ]);
  });
});
