import { renderDashboards } from './render';

/** One query string of a generated dashboard, where it sits and which language it is in. */
export interface DashboardQuery {
  dashboard: string;
  dashboardUid: string;
  panel: string;
  language: 'promql' | 'logql' | 'traceql';
  /** The query as written in the dashboard, with Grafana variables such as $service. */
  expr: string;
}

interface JsonQuery {
  datasource?: { type?: string };
  expr?: unknown;
  query?: unknown;
}
interface JsonPanel {
  title?: string;
  datasource?: { type?: string };
  targets?: JsonQuery[];
  fieldConfig?: { defaults?: { links?: { title?: string; url?: string }[] } };
  panels?: JsonPanel[];
}
interface JsonDashboard {
  uid: string;
  title: string;
  panels?: JsonPanel[];
  templating?: { list?: { name: string; datasource?: { type?: string }; query?: unknown }[] };
  annotations?: { list?: { name: string; datasource?: { type?: string }; expr?: unknown }[] };
}

const LANGUAGES: Record<string, DashboardQuery['language']> = {
  prometheus: 'promql',
  loki: 'logql',
  tempo: 'traceql',
};

/** The queries of an Explore URL (`/explore?…&panes=<JSON>`); none for any other URL. */
function exploreLinkQueries(url: string): JsonQuery[] {
  if (!url.startsWith('/explore?')) return [];
  const panes = new URLSearchParams(url.slice('/explore?'.length)).get('panes');
  if (panes === null) return [];
  const parsed = JSON.parse(panes) as Record<string, { queries?: JsonQuery[] }>;
  return Object.values(parsed).flatMap((pane) => pane.queries ?? []);
}

/**
 * Every query of every generated dashboard (panels, the Explore queries of their data links,
 * annotations and template variables), from the JSON.
 */
export function dashboardQueries(): DashboardQuery[] {
  const found: DashboardQuery[] = [];
  for (const rendered of renderDashboards()) {
    const dashboard = JSON.parse(rendered.content) as JsonDashboard;
    const add = (panel: string, targets: JsonQuery[], panelType?: string): void => {
      for (const target of targets) {
        const language = LANGUAGES[target.datasource?.type ?? panelType ?? ''];
        const expr = language === 'traceql' ? target.query : target.expr;
        if (language && typeof expr === 'string') {
          found.push({
            dashboard: dashboard.title,
            dashboardUid: dashboard.uid,
            panel,
            language,
            expr,
          });
        }
      }
    };
    const visit = (panel: JsonPanel): void => {
      const title = panel.title ?? '';
      add(title, panel.targets ?? [], panel.datasource?.type);
      for (const link of panel.fieldConfig?.defaults?.links ?? []) {
        add(`${title} (Explore link)`, exploreLinkQueries(link.url ?? ''));
      }
      for (const inner of panel.panels ?? []) visit(inner);
    };
    for (const panel of dashboard.panels ?? []) visit(panel);
    for (const annotation of dashboard.annotations?.list ?? []) {
      const language = LANGUAGES[annotation.datasource?.type ?? ''];
      if (language && typeof annotation.expr === 'string') {
        found.push({
          dashboard: dashboard.title,
          dashboardUid: dashboard.uid,
          panel: `annotation ${annotation.name}`,
          language,
          expr: annotation.expr,
        });
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const language = LANGUAGES[variable.datasource?.type ?? ''];
      if (language && typeof variable.query === 'string') {
        found.push({
          dashboard: dashboard.title,
          dashboardUid: dashboard.uid,
          panel: `variable ${variable.name}`,
          language,
          expr: variable.query,
        });
      }
    }
  }
  return found;
}

/** Every PromQL expression of the dashboards, as written (with $service, $__rate_interval …). */
export function promqlExpressions(): DashboardQuery[] {
  return dashboardQueries().filter(
    (query) => query.language === 'promql' && !query.panel.startsWith('variable '),
  );
}

/** Values for Grafana's variables, to turn a dashboard expression into plain PromQL. */
export interface PromqlVariables {
  /**
   * The Service RED dashboard's service (a Prometheus job), also the service a data link fills in
   * from the series clicked (`${__field.labels.job}`, `${__field.labels.peer_service}`).
   */
  service: string;
  /** $__rate_interval, $__interval and $__range. */
  rateInterval: string;
  interval: string;
  range: string;
}

export const DEFAULT_PROMQL_VARIABLES: PromqlVariables = {
  service: 'order',
  rateInterval: '1m',
  interval: '15s',
  range: '30m',
};

/** Substitutes Grafana's variables so Prometheus can evaluate the expression as is. */
export function interpolatePromql(
  expr: string,
  variables: PromqlVariables = DEFAULT_PROMQL_VARIABLES,
): string {
  return expr
    .replaceAll(/\$\{__field\.labels\.[A-Za-z_]+\}/g, variables.service)
    .replaceAll('$__rate_interval', variables.rateInterval)
    .replaceAll('$__interval', variables.interval)
    .replaceAll('$__range', variables.range)
    .replaceAll('$service', variables.service);
}
