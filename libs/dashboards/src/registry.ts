import { checkoutDependencies } from './dashboards/checkout-dependencies';
import { deployments } from './dashboards/deployments';
import { instructor } from './dashboards/instructor';
import { load } from './dashboards/load';
import { serviceRed } from './dashboards/service-red';
import { shopOverview } from './dashboards/shop-overview';
import { sloErrorBudget } from './dashboards/slo';

/** Grafana folders, each a provider in infra/grafana/provisioning/dashboards/dashboards.yaml. */
export type DashboardFolder = 'faultline' | 'instructor';

export interface DashboardEntry {
  folder: DashboardFolder;
  /** File name under infra/grafana/dashboards/<folder>/. */
  file: string;
  /** Builds the dashboard model (Grafana's classic dashboard JSON). */
  build: () => object;
}

/** Every dashboard Faultline ships, where it is written, and how it is built. */
export const DASHBOARDS: readonly DashboardEntry[] = [
  { folder: 'faultline', file: 'shop-overview.json', build: shopOverview },
  { folder: 'faultline', file: 'service-red.json', build: serviceRed },
  { folder: 'faultline', file: 'checkout-dependencies.json', build: checkoutDependencies },
  { folder: 'faultline', file: 'slo-error-budget.json', build: sloErrorBudget },
  { folder: 'faultline', file: 'load.json', build: load },
  { folder: 'faultline', file: 'deployments.json', build: deployments },
  { folder: 'instructor', file: 'instructor.json', build: instructor },
];
