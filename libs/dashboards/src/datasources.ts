import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * The data sources provisioned in infra/grafana/provisioning/datasources, by their fixed UIDs.
 * A test fails when a dashboard refers to a UID that is not provisioned.
 */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };
export const LOKI: DataSourceRef = { type: 'loki', uid: 'loki' };
export const TEMPO: DataSourceRef = { type: 'tempo', uid: 'tempo' };
export const PYROSCOPE: DataSourceRef = { type: 'grafana-pyroscope-datasource', uid: 'pyroscope' };
