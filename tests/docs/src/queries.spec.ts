import { logqlErrors, scanDocs, traceqlErrors } from '@faultline/dashboards';
import type { DocQuery } from '@faultline/dashboards';
import { knownMetricNames, selectedMetrics } from './known-metrics';
import { checkPromql } from './promtool';
import { DOCS_DIR } from './repo';

const scan = scanDocs(DOCS_DIR);
const where = (item: { file: string; line: number }): string => `docs/${item.file}:${item.line}`;
const inLanguage = (language: DocQuery['language']): DocQuery[] =>
  scan.queries.filter((query) => query.language === language);

describe('the queries of docs/', () => {
  it('follow the conventions of docs/README.md (tags, literal queries, expect comments)', () => {
    expect(scan.problems.map((problem) => `${where(problem)}: ${problem.message}`)).toEqual([]);
  });

  it('are there in every language, and the tutorial says what most PromQL ones show', () => {
    expect(inLanguage('promql').length).toBeGreaterThan(50);
    expect(inLanguage('logql').length).toBeGreaterThan(5);
    expect(inLanguage('traceql').length).toBeGreaterThan(5);
    const tutorial = scan.queries.filter((query) => query.file === 'tutorial/README.md');
    expect(tutorial.filter((query) => query.expect !== undefined).length).toBeGreaterThan(10);
  });

  it('parse as LogQL with the grammar of Grafana’s Loki query editor', () => {
    const failing = inLanguage('logql')
      .filter((query) => logqlErrors(query.query).length > 0)
      .map((query) => `${where(query)}: ${query.query}`);
    expect(failing).toEqual([]);
  });

  it('parse as TraceQL with the grammar of Grafana’s Tempo query editor', () => {
    const failing = inLanguage('traceql')
      .filter((query) => traceqlErrors(query.query).length > 0)
      .map((query) => `${where(query)}: ${query.query}`);
    expect(failing).toEqual([]);
  });

  it('parse as PromQL with Prometheus’s own parser (promtool)', () => {
    const { status, output } = checkPromql(
      inLanguage('promql').map((query) => ({ where: where(query), query: query.query })),
    );
    expect(status === 0 ? 'exit 0' : `exit ${String(status)}\n${output}`).toBe('exit 0');
  });

  it('select only metrics the dashboards, the rules or the known extras name', () => {
    const known = knownMetricNames();
    const unknown = inLanguage('promql').flatMap((query) =>
      selectedMetrics(query.query)
        .filter((name) => !known.has(name))
        .map((name) => `${where(query)}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe('the query checks', () => {
  it('catch a LogQL query that does not parse, and pass one that does', () => {
    expect(logqlErrors('{service_name="payment" | event="payment_gateway_failed"')).not.toEqual([]);
    expect(logqlErrors('{service_name="payment"} | event="payment_gateway_failed"')).toEqual([]);
  });

  it('catch a TraceQL query that does not parse, and pass one that does', () => {
    expect(traceqlErrors('{ name = "card_gateway.charge" && status = error')).not.toEqual([]);
    expect(traceqlErrors('{ name = "card_gateway.charge" && status = error }')).toEqual([]);
  });

  it('catch a PromQL query that does not parse, naming where it is', () => {
    const result = checkPromql([
      { where: 'docs/good.md:1', query: 'sum(rate(payments_total[5m]))' },
      { where: 'docs/broken.md:7', query: 'sum(rate(payments_total[5m])' },
    ]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('docs/broken.md:7');
    expect(checkPromql([{ where: 'docs/good.md:1', query: 'up == 0' }]).status).toBe(0);
  });

  it('see the metric names a query selects, not its labels or functions', () => {
    expect(
      selectedMetrics(
        'sum by (job) (rate(payments_total{outcome="x{y"}[5m])) / job:payment_success:ratio_rate1m',
      ),
    ).toEqual(['job:payment_success:ratio_rate1m', 'payments_total']);
    expect(knownMetricNames().has('payments_totals')).toBe(false);
  });
});
