import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  GRAFANA_URL,
  dashboardUrl,
  exploreUrl,
  generatedDashboards,
  parseExploreUrl,
  provisionedDatasourceUids,
} from './grafana-links';
import { REPO_ROOT, RUNBOOKS_DIR } from './paths';
import { expectExitZero, promtool } from './promtool';
import { alertingRules } from './rules';
import type { LinkContext, MarkdownLink } from './runbook-links';
import {
  RUNBOOK_DASHBOARDS,
  SECTION,
  checkLink,
  dashboardsAndExplore,
  markdownLinks,
  withSection,
} from './runbook-links';
import { RUNBOOKS_PATH, WATCHER_URL, readRunbook, runbookPath, runbookUrl } from './runbooks';

const alerts = alertingRules();
const dashboards = generatedDashboards();

/** The host port compose publishes a service's `containerPort` on: `[address:]host:container`. */
function publishedPort(service: string, containerPort: number): number | undefined {
  const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { ports?: string[] }>;
  };
  for (const mapping of compose.services[service]?.ports ?? []) {
    const parts = mapping.split(':');
    if (Number(parts.at(-1)) === containerPort) return Number(parts.at(-2));
  }
  return undefined;
}

const STACK = { grafana: 3000, watcher: 3005, prometheus: 9090, alertmanager: 9093 };
const stackOrigins = new Set(
  Object.entries(STACK).map(
    ([service, port]) => `http://localhost:${publishedPort(service, port)}`,
  ),
);
const context: LinkContext = {
  dir: RUNBOOKS_DIR,
  dashboards,
  datasources: provisionedDatasourceUids(),
  stackOrigins,
};
const pages = ['README', ...alerts.map((rule) => rule.alert)];
const linksOf = (page: string): MarkdownLink[] =>
  markdownLinks(readFileSync(runbookPath(page), 'utf8'));

describe('the links of docs/runbooks', () => {
  it('point at what compose publishes: Grafana on 3000 and the watcher on 3005', () => {
    expect(`http://localhost:${publishedPort('grafana', 3000)}`).toBe(GRAFANA_URL);
    expect(`http://localhost:${publishedPort('watcher', 3005)}`).toBe(WATCHER_URL);
  });

  it('are many: dashboards and Explore on every page', () => {
    const all = pages.flatMap(linksOf);
    expect(all.filter((l) => l.target.startsWith(`${GRAFANA_URL}/d/`)).length).toBeGreaterThan(30);
    expect(all.filter((l) => l.target.startsWith(`${GRAFANA_URL}/explore?`))).toHaveLength(
      alerts.length,
    );
  });

  it('all resolve: files that exist, dashboards that exist by uid and title, Explore panes that parse, the stack only', () => {
    const broken = pages.flatMap((page) =>
      linksOf(page).flatMap((link) => {
        const { problem } = checkLink(link, context);
        return problem ? [`${page}.md:${link.line} ${link.target.slice(0, 80)}: ${problem}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('give every alert Explore with its own expression prefilled', () => {
    const missing = alerts.flatMap(({ alert, expr }) => {
      const queries = linksOf(alert).flatMap((link) => checkLink(link, context).exploreQueries);
      return queries.includes(expr.trim()) ? [] : [alert];
    });
    expect(missing).toEqual([]);
  });

  it('link every alert but the Watchdog to at least one dashboard', () => {
    const without = alerts
      .map(({ alert }) => alert)
      .filter((alert) => !linksOf(alert).some((l) => l.target.startsWith(`${GRAFANA_URL}/d/`)));
    expect(without).toEqual(['Watchdog']);
  });

  it('carry Explore queries that all parse as PromQL (promtool checks them as rules)', () => {
    const queries = pages.flatMap((page) =>
      linksOf(page).flatMap((link) => checkLink(link, context).exploreQueries),
    );
    expect(queries.length).toBeGreaterThanOrEqual(alerts.length);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-runbook-explore-'));
    try {
      const file = join(dir, 'explore-queries.yml');
      const rules = queries.map((expr, i) => ({ record: `runbook:explore:q${i + 1}`, expr }));
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'explore', rules }] }));
      expectExitZero(promtool(['check', 'rules', file]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('each runbook’s Dashboards and Explore section', () => {
  it('lists dashboards for exactly the alerts there are', () => {
    expect(Object.keys(RUNBOOK_DASHBOARDS).sort()).toEqual(alerts.map((r) => r.alert).sort());
  });

  it.each(alerts.map((rule) => [rule.alert, rule.expr] as const))(
    '%s.md has the section generated from the rule and the dashboards (npm run runbook-links -w tests/prometheus)',
    (alert, expr) => {
      const committed = readRunbook(alert)?.body.get(SECTION)?.trim();
      expect(committed).toBe(dashboardsAndExplore(alert, expr, dashboards));
    },
  );
});

describe('every alert’s runbook_url', () => {
  it.each(alerts.map((rule) => [rule.alert, rule.annotations?.['runbook_url'] ?? ''] as const))(
    '%s: the page the watcher serves of its runbook',
    (alert, url) => {
      expect(url).toBe(runbookUrl(alert));
      const { origin, pathname } = new URL(url);
      expect(stackOrigins.has(origin)).toBe(true);
      expect(pathname).toBe(`${RUNBOOKS_PATH}${alert}`);
      expect(readRunbook(pathname.slice(RUNBOOKS_PATH.length))?.alert).toBe(alert);
    },
  );
});

describe('the link check', () => {
  const link = (target: string, text = 'x'): MarkdownLink => ({ line: 1, text, target });
  const problem = (target: string, text?: string) => checkLink(link(target, text), context).problem;

  it('finds links outside code, with their text', () => {
    expect(
      markdownLinks(
        ['[a](A.md) `[b](B.md)`', '```', '[c](C.md)', '```', '[d](http://localhost:3000/d/x)'].join(
          '\n',
        ),
      ),
    ).toEqual([
      { line: 1, text: 'a', target: 'A.md' },
      { line: 5, text: 'd', target: 'http://localhost:3000/d/x' },
    ]);
  });

  it('reports a missing file, an unknown uid, a title that is not the uid’s, an unknown variable', () => {
    expect(problem('Watchdgo.md')).toBe('no file Watchdgo.md');
    expect(problem('Watchdog.md#mitigate')).toBeUndefined();
    expect(problem(dashboardUrl('faultline-shop-overveiw'), 'Shop overview')).toMatch(
      /no generated dashboard/,
    );
    expect(problem(dashboardUrl('faultline-shop-overview'), 'Service RED')).toMatch(
      /is "Shop overview"/,
    );
    expect(problem(dashboardUrl('faultline-shop-overview'), 'Shop overview')).toBeUndefined();
    expect(
      problem(dashboardUrl('faultline-service-red', { servise: 'payment' }), 'Service RED'),
    ).toBe('Service RED has no variable servise');
  });

  it('reports an Explore link that does not decode to a pane with a query on a provisioned data source', () => {
    const good = exploreUrl('up');
    expect(parseExploreUrl(good)).toEqual({
      panes: [
        {
          datasource: 'prometheus',
          queries: [
            {
              refId: 'A',
              datasource: { type: 'prometheus', uid: 'prometheus' },
              expr: 'up',
              range: true,
            },
          ],
          range: { from: 'now-1h', to: 'now' },
        },
      ],
    });
    expect(good).not.toMatch(/[ ()+]/);
    expect(problem(good.replace('schemaVersion=1', 'schemaVersion=2'))).toMatch(/schemaVersion/);
    expect(problem(`${GRAFANA_URL}/explore?schemaVersion=1&panes=%7Bnot-json`)).toMatch(/not JSON/);
    expect(problem(good.replace('%22up%22', '%22%22'))).toMatch(/without refId or expr/);
    expect(problem(good.replaceAll('%22prometheus%22', '%22mimir%22'))).toMatch(/no data source/);
  });

  it('allows absolute links to the stack only', () => {
    expect(
      problem('https://github.com/faultline-demo/faultline/blob/main/docs/runbooks/A.md'),
    ).toMatch(/not an address the stack publishes/);
    expect(problem('http://localhost:9090/alerts')).toBeUndefined();
    expect(problem(`${WATCHER_URL}/runbooks/NoSuchAlert`)).toMatch(/serves no runbook NoSuchAlert/);
  });

  it('writes a section in place, or before the one it must precede', () => {
    const page = '# A\n\n## What it means\n\nx\n\n## First three queries\n\nq\n';
    const added = withSection(page, SECTION, 'links', 'First three queries');
    expect(added).toBe(
      '# A\n\n## What it means\n\nx\n\n## Dashboards and Explore\n\nlinks\n\n## First three queries\n\nq\n',
    );
    expect(withSection(added, SECTION, 'new links', 'First three queries')).toBe(
      added.replace('links\n', 'new links\n'),
    );
  });
});
