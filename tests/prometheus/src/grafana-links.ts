import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './paths';

/** Grafana as compose publishes it: every dashboard and Explore link of the runbooks starts here. */
export const GRAFANA_URL = 'http://localhost:3000';

/** The provisioned Prometheus data source, by its fixed UID (infra/grafana/provisioning). */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

/** The time range every link opens with: the last hour, where an alert that fired now shows. */
const RANGE = { from: 'now-1h', to: 'now' } as const;

/**
 * The Explore pane's id. Grafana keeps an id of 3 characters from its own alphabet (lowercase
 * letters and digits, not all digits) and replaces any other with a random one.
 */
export const EXPLORE_PANE_ID = 'rbk';

/** A dashboard as Grafana loads it from infra/grafana/dashboards: what a link may name. */
export interface GeneratedDashboard {
  uid: string;
  title: string;
  /** Its template variables, by name (`service`), which a link sets as `var-<name>`. */
  variables: ReadonlySet<string>;
}

/** One query of an Explore pane, as Grafana's Prometheus data source reads it. */
export interface ExploreQuery {
  refId: string;
  datasource: { type: string; uid: string };
  expr: string;
  /** A range query (a graph over the pane's time range) rather than one instant. */
  range?: boolean;
}

/** One pane of Grafana's Explore URL (schemaVersion 1: `panes={"<id>": {…}}`). */
export interface ExplorePane {
  datasource: string;
  queries: ExploreQuery[];
  range: { from: string; to: string };
}

/**
 * A query string value with everything but letters, digits and `-_.~` percent-encoded: spaces as
 * %20 (never `+`, which not every reader turns back into a space) and parentheses too, so a PromQL
 * expression cannot end a Markdown link early.
 */
const encodeValue = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const queryString = (params: Readonly<Record<string, string>>): string =>
  Object.entries(params)
    .map(([name, value]) => `${encodeValue(name)}=${encodeValue(value)}`)
    .join('&');

/** A dashboard link: /d/<uid>, the last hour, with template variables set (`var-service=payment`). */
export function dashboardUrl(
  uid: string,
  variables: Readonly<Record<string, string>> = {},
): string {
  const vars = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [`var-${name}`, value]),
  );
  return `${GRAFANA_URL}/d/${uid}?${queryString({ orgId: '1', ...RANGE, ...vars })}`;
}

/**
 * Explore with one PromQL query prefilled, on the provisioned Prometheus, over the last hour:
 * Grafana 10.3+'s URL format, `schemaVersion=1&panes=<JSON of the panes by id>` (13.x reads it).
 */
export function exploreUrl(expr: string): string {
  const pane: ExplorePane = {
    datasource: PROMETHEUS_DATASOURCE.uid,
    queries: [
      { refId: 'A', datasource: { ...PROMETHEUS_DATASOURCE }, expr: expr.trim(), range: true },
    ],
    range: { ...RANGE },
  };
  const panes = JSON.stringify({ [EXPLORE_PANE_ID]: pane });
  return `${GRAFANA_URL}/explore?${queryString({ schemaVersion: '1', panes, orgId: '1' })}`;
}

/**
 * The panes of an Explore URL, or what is wrong with it: the schema version, JSON that does not
 * parse, a pane without a data source, queries, an expression or a time range.
 */
export function parseExploreUrl(url: string): { panes: ExplorePane[] } | { problem: string } {
  const { searchParams } = new URL(url);
  if (searchParams.get('schemaVersion') !== '1') return { problem: 'schemaVersion is not 1' };
  let panes: unknown;
  try {
    panes = JSON.parse(searchParams.get('panes') ?? '');
  } catch {
    return { problem: 'panes is not JSON' };
  }
  if (panes === null || typeof panes !== 'object' || Array.isArray(panes)) {
    return { problem: 'panes is not an object of panes by id' };
  }
  const entries = Object.entries(panes as Record<string, unknown>);
  if (entries.length === 0) return { problem: 'panes is empty' };
  const parsed: ExplorePane[] = [];
  for (const [id, value] of entries) {
    if (!/^(?=.*[a-z])[a-z0-9]{3}$/.test(id))
      return { problem: `pane id "${id}" is not 3 letters or digits` };
    const pane = value as Partial<ExplorePane> | null;
    if (typeof pane?.datasource !== 'string') return { problem: `pane ${id} names no data source` };
    if (typeof pane.range?.from !== 'string' || typeof pane.range.to !== 'string') {
      return { problem: `pane ${id} has no time range` };
    }
    const queries = Array.isArray(pane.queries) ? pane.queries : [];
    if (queries.length === 0) return { problem: `pane ${id} has no queries` };
    for (const query of queries as Partial<ExploreQuery>[]) {
      if (typeof query.refId !== 'string' || typeof query.expr !== 'string' || !query.expr.trim()) {
        return { problem: `pane ${id} has a query without refId or expr` };
      }
      if (query.datasource?.uid !== pane.datasource) {
        return { problem: `pane ${id} has a query on another data source than the pane's` };
      }
    }
    parsed.push(pane as ExplorePane);
  }
  return { panes: parsed };
}

interface DashboardJson {
  uid?: string;
  title?: string;
  templating?: { list?: { name?: string }[] };
}

/** The committed dashboards of infra/grafana/dashboards (every folder), as Grafana provisions them. */
export function generatedDashboards(
  root = join(REPO_ROOT, 'infra', 'grafana', 'dashboards'),
): Map<string, GeneratedDashboard> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) files.push(path);
    }
  };
  walk(root);
  const dashboards = new Map<string, GeneratedDashboard>();
  for (const file of files.sort()) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as DashboardJson;
    if (!json.uid || !json.title) continue;
    const variables = new Set(
      (json.templating?.list ?? []).flatMap((v) => (v.name ? [v.name] : [])),
    );
    dashboards.set(json.uid, { uid: json.uid, title: json.title, variables });
  }
  return dashboards;
}

/** The data source UIDs provisioned in infra/grafana/provisioning/datasources. */
export function provisionedDatasourceUids(): Set<string> {
  const file = join(
    REPO_ROOT,
    'infra',
    'grafana',
    'provisioning',
    'datasources',
    'datasources.yaml',
  );
  const { datasources = [] } = parse(readFileSync(file, 'utf8')) as {
    datasources?: { uid?: string }[];
  };
  return new Set(datasources.flatMap((d) => (d.uid ? [d.uid] : [])));
}
