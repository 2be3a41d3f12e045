import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KNOWN_METRICS, selectedMetrics } from './known-metrics';
import { RUNBOOKS_DIR } from './paths';
import { expectExitZero, promtool } from './promtool';
import { alertingRules, recordingRules } from './rules';
import { ESCALATION_ITEMS, OWNERS, RUNBOOK_SECTIONS, promqlBlocks, readRunbook } from './runbooks';

const alertNames = alertingRules().map((rule) => rule.alert);
const recorded = new Set(recordingRules().map((rule) => rule.record));
const pages = readdirSync(RUNBOOKS_DIR).filter((name) => name.endsWith('.md'));
const queriesByPage = new Map(
  pages.map((page) => [page, promqlBlocks(readFileSync(join(RUNBOOKS_DIR, page), 'utf8'))]),
);

describe('docs/runbooks', () => {
  it('has one page per alert, and an index, and nothing else', () => {
    expect(pages.sort()).toEqual(['README.md', ...alertNames.map((name) => `${name}.md`)].sort());
  });

  it('indexes every runbook', () => {
    const index = readFileSync(join(RUNBOOKS_DIR, 'README.md'), 'utf8');
    for (const alert of alertNames) expect(index).toContain(`(${alert}.md)`);
  });

  it('introduces in the index every team a runbook names as owner', () => {
    const index = readFileSync(join(RUNBOOKS_DIR, 'README.md'), 'utf8');
    for (const team of OWNERS) expect(index).toContain(`| ${team} `);
  });

  describe.each(alertNames)('%s.md', (alert) => {
    const runbook = readRunbook(alert);

    it('has the sections a responder looks for, in order', () => {
      expect(runbook?.sections).toEqual([...RUNBOOK_SECTIONS]);
    });

    it('gives exactly three first queries, as promql blocks', () => {
      expect(promqlBlocks(runbook?.body.get('First three queries') ?? '')).toHaveLength(3);
    });

    it('says in Impact who is affected and how, in a few sentences', () => {
      const impact = runbook?.body.get('Impact')?.trim() ?? '';
      expect(impact.length).toBeGreaterThan(80);
      expect(impact).not.toMatch(/^```/m);
    });

    it('names the owner, the first responder and when to escalate to whom, in that shape', () => {
      // One item per bullet, its wrapped lines joined.
      const items = (runbook?.body.get('Owner and escalation') ?? '')
        .split(/^- /m)
        .slice(1)
        .map((item) => item.replace(/\s+/g, ' ').trim());
      expect(items.map((item) => /^\*\*([^*]+):\*\* \S/.exec(item)?.[1])).toEqual([
        ...ESCALATION_ITEMS,
      ]);
      expect(OWNERS.filter((team) => items[0]?.includes(team))).not.toEqual([]);
    });

    it('names the alert it belongs to in its title', () => {
      expect(readFileSync(join(RUNBOOKS_DIR, `${alert}.md`), 'utf8')).toMatch(
        new RegExp(`^# ${alert}\\b`),
      );
    });
  });

  it('writes queries that select only metrics the services expose or rules record', () => {
    const unknown = [...queriesByPage].flatMap(([page, queries]) =>
      queries.flatMap((query) =>
        selectedMetrics(query)
          .filter((name) => !KNOWN_METRICS.has(name) && !recorded.has(name))
          .map((name) => ({ page, name })),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('writes queries that all parse as PromQL (promtool checks them as rules)', () => {
    // promtool has no offline parser for a bare query: each one becomes a recording rule.
    const groups = [...queriesByPage]
      .filter(([, queries]) => queries.length > 0)
      .map(([page, queries]) => ({
        name: page,
        rules: queries.map((expr, i) => ({ record: `runbook:query:q${i + 1}`, expr })),
      }));
    expect(groups.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-runbook-queries-'));
    try {
      const file = join(dir, 'runbook-queries.yml');
      writeFileSync(file, stringify({ groups }));
      expectExitZero(promtool(['check', 'rules', file]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
