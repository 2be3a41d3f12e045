import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DashboardLink } from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from './datasources';

/** The Service RED dashboard's fixed UID: the service panels' data links open it. */
export const SERVICE_RED_UID = 'faultline-service-red';

/** The label of a series that names a Faultline service: its Prometheus job, or the peer it calls. */
export type ServiceLabel = 'job' | 'peer_service';

/**
 * Grafana's data-link variable for a label of the series clicked. Jobs are the services' names
 * (the Tempo data source maps service.name to job the same way).
 */
export const seriesLabel = (label: ServiceLabel): string => `\${__field.labels.${label}}`;

/** A series' data link; Grafana reads `title`, `url` and `targetBlank` from a field's links. */
function dataLink(title: string, url: string): cog.Builder<DashboardLink> {
  // The SDK types a field's links as dashboard links, whose other settings (type, tags, keepTime…)
  // a data link does not have: the time range travels in the URL instead.
  return { build: () => ({ title, url, targetBlank: false }) as DashboardLink };
}

/**
 * Grafana's Explore with one Prometheus query over the dashboard's time range (`${__from}` and
 * `${__to}`, epoch milliseconds). The pane is URL-encoded JSON; only the link variables stay
 * readable, so Grafana fills them in and leaves `$__rate_interval` for Explore to resolve.
 */
export function exploreUrl(expr: string): string {
  // Grafana keeps a pane id of 3 lowercase letters or digits, and renames any other.
  const pane = {
    svc: {
      datasource: PROMETHEUS.uid,
      queries: [{ refId: 'A', datasource: PROMETHEUS, expr, range: true }],
      range: { from: '${__from}', to: '${__to}' },
    },
  };
  const encoded = encodeURIComponent(JSON.stringify(pane)).replace(
    /%24%7B(__[A-Za-z_.]+)%7D/g,
    (_match, variable: string) => `\${${variable}}`,
  );
  return `/explore?schemaVersion=1&orgId=1&panes=${encoded}`;
}

/** What a panel of per-service series links to. */
export interface ServiceDrilldown {
  /** The label of every series of the panel that names its service. */
  label: ServiceLabel;
  /** The PromQL to open in Explore for one service, given the matcher value for it. */
  explore: (service: string) => string;
}

/**
 * Data links from a series to its service: Service RED with that service selected, and Explore
 * with the panel's query for that service, both over the dashboard's time range.
 */
export function serviceLinks({ label, explore }: ServiceDrilldown): cog.Builder<DashboardLink>[] {
  const service = seriesLabel(label);
  return [
    dataLink(
      `Service RED: ${service}`,
      `/d/${SERVICE_RED_UID}/service-red?var-service=${service}&\${__url_time_range}`,
    ),
    dataLink(`Explore: ${service}`, exploreUrl(explore(service))),
  ];
}
