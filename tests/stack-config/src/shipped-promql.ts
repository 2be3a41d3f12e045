import { interpolatePromql, promqlExpressions } from '@faultline/dashboards';
import { asSent } from './query-languages';
import { readYaml } from './repo';

/** Every PromQL expression of the generated dashboards, with Grafana's variables filled in. */
export const dashboardPromql = (): string[] =>
  promqlExpressions().map((query) => interpolatePromql(query.expr));

/** The PromQL of the Tempo data source's trace-to-metrics links, as Grafana sends it. */
export function provisionedPromql(): string[] {
  const { datasources } = readYaml<{
    datasources: {
      uid: string;
      jsonData?: { tracesToMetrics?: { queries: { query: string }[] } };
    }[];
  }>('infra/grafana/provisioning/datasources/datasources.yaml');
  const tempo = datasources.find((source) => source.uid === 'tempo');
  return (tempo?.jsonData?.tracesToMetrics?.queries ?? []).map((query) => asSent(query.query));
}
