import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources';

/**
 * Deployment events from order's deployments_total: one marker per canary deploy or rollback,
 * titled with the action and the release.
 */
export const DEPLOYMENT_EVENTS_EXPR = 'increase(deployments_total{service="payment"}[1m]) > 0';

/**
 * Prometheus' own ALERTS series while an alert fires. Grafana joins a series' consecutive points
 * into one region: it opens when the alert starts firing and closes when it resolves. The
 * Watchdog (severity none) always fires: as a region over the whole dashboard it would hide the
 * others.
 */
export const ALERT_EVENTS_EXPR = 'ALERTS{alertstate="firing",severity!="none"}';

/**
 * Injected faults, one region per service, fault point and kind while it is active. The gauge
 * exists only where EXPOSE_FAULT_METRICS is set (the host's stack): the answer to every scenario.
 */
export const FAULT_EVENTS_EXPR = 'sum by (job, point, kind) (faultline_fault_active) > 0';

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

/** On every Faultline dashboard: a red region while a Prometheus alert fires, titled with its name. */
export function alertAnnotation(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Alerts')
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor('red')
    .expr(ALERT_EVENTS_EXPR)
    .step('15s')
    .titleFormat('{{alertname}} firing')
    .textFormat('{{alertname}} ({{severity}}) {{job}} {{peer_service}}')
    .tagKeys('alertname,severity,job');
}

/** On the Instructor dashboard only: a purple region while a fault is injected. */
export function faultAnnotation(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Faults')
    .datasource(PROMETHEUS)
    .enable(true)
    .iconColor('purple')
    .expr(FAULT_EVENTS_EXPR)
    .step('15s')
    .titleFormat('fault: {{job}} {{point}} {{kind}}')
    .textFormat('{{kind}} at {{point}} in {{job}}')
    .tagKeys('job,point,kind');
}
