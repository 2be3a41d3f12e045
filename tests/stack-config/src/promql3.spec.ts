/**
 * Compose runs Prometheus 3.14, while promtool and the native end-to-end suite are Debian's 2.42:
 * every PromQL string the stack ships also has to parse with the 3.14 grammar (promqlErrors).
 * See infra/prometheus/README.md, "Prometheus 3.x here, 2.42 in the tests".
 */
import { promqlErrors, scanDocs } from '@faultline/dashboards';
import { filesUnder, readYaml, repoPath } from './repo';
import { dashboardPromql, provisionedPromql } from './shipped-promql';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}

const ruleExpressions = filesUnder('infra/prometheus/rules')
  .filter((file) => /\.ya?ml$/.test(file))
  .flatMap((file) =>
    readYaml<{ groups: { rules: Rule[] }[] }>(file).groups.flatMap((group) =>
      group.rules.map((rule) => ({
        rule: `${file} ${rule.alert ?? rule.record ?? '?'}`,
        expr: rule.expr,
      })),
    ),
  );
const docQueries = scanDocs(repoPath('docs')).queries.filter(
  (query) => query.language === 'promql',
);
const shipped = [
  ...dashboardPromql().map((expr) => ({ where: 'dashboard', expr })),
  ...provisionedPromql().map((expr) => ({ where: 'Tempo trace-to-metrics', expr })),
  ...docQueries.map((query) => ({ where: `docs/${query.file}:${query.line}`, expr: query.query })),
];

describe('PromQL for Prometheus 3.14', () => {
  it('finds every rule, dashboard, provisioned and docs expression to check', () => {
    expect(
      ruleExpressions.filter((rule) => rule.rule.includes('alerts.yml')).length,
    ).toBeGreaterThan(20);
    expect(
      ruleExpressions.filter((rule) => rule.rule.includes('recording.yml')).length,
    ).toBeGreaterThan(30);
    expect(dashboardPromql().length).toBeGreaterThan(40);
    expect(provisionedPromql().length).toBeGreaterThanOrEqual(1);
    expect(docQueries.length).toBeGreaterThan(50);
  });

  it.each(ruleExpressions)('rule parses: $rule', ({ expr }) => {
    expect(promqlErrors(expr)).toEqual([]);
  });

  it('every dashboard, trace-to-metrics and docs expression parses', () => {
    const failing = shipped
      .filter(({ expr }) => promqlErrors(expr).length > 0)
      .map(({ where, expr }) => `${where}: ${expr}`);
    expect(failing).toEqual([]);
  });

  it('the check has teeth: it rejects a missing parenthesis, holt_winters and flagged functions', () => {
    expect(promqlErrors('sum(rate(payments_total[5m])')).not.toEqual([]);
    expect(promqlErrors('holt_winters(order_retry_queue_depth[10m], 0.5, 0.5)')).not.toEqual([]);
    expect(promqlErrors('sort_by_label(up, "job")')).not.toEqual([]);
    expect(promqlErrors('sum(rate(payments_total[5m]))')).toEqual([]);
  });
});
