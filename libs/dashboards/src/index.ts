export { DASHBOARDS } from './registry';
export type { DashboardEntry, DashboardFolder } from './registry';
export { DASHBOARDS_ROOT, renderDashboards } from './render';
export type { RenderedDashboard } from './render';
export {
  DEFAULT_PROMQL_VARIABLES,
  dashboardQueries,
  interpolatePromql,
  promqlExpressions,
} from './expressions';
export type { DashboardQuery, PromqlVariables } from './expressions';
export { LOKI, PROMETHEUS, PYROSCOPE, TEMPO } from './datasources';
export {
  CHECKOUT_ERROR_BUDGET,
  CHECKOUT_OBJECTIVE,
  RECORDED_CHECKOUT_WINDOWS,
  checkoutBurnRate,
  checkoutErrorRatio,
  checkoutErrorsRate,
  checkoutRequestsRate,
} from './slo';
export {
  PANEL_SEPARATOR,
  expectationHolds,
  formatExpectation,
  parseExpectation,
  scanDocs,
  scanMarkdown,
  scenarioRuns,
} from './doc-queries';
export type {
  DashboardReference,
  DocExpectation,
  DocExpectationPhase,
  DocProblem,
  DocQuery,
  DocQueryLanguage,
  DocScenarioRun,
  DocsScan,
  ExpectOperator,
} from './doc-queries';
export { logqlErrors, promqlErrors, traceqlErrors } from './query-languages';
