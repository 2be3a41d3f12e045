import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources';

/**
 * Deployment events from order's deployments_total: one marker per canary deploy or rollback,
 * titled with the action and the release.
 */
export const DEPLOYMENT_EVENTS_EXPR = 'increase(deployments_total{service="payment"}[1m]) > 0';

/** On every Faultline dashboard: a blue marker where a canary was deployed or rolled back. */
export function deploymentAnnotation(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Deployments')
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor('blue')
    .expr(DEPLOYMENT_EVENTS_EXPR)
    .step('15s')
    .titleFormat('payment {{version}}: {{action}}')
    .textFormat('faultline deploy / rollback: payment {{version}} ({{action}})')
    .tagKeys('service,version,action');
}
