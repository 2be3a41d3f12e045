/* eslint-disable @typescript-eslint/no-deprecated --
 * The SDK marks the classic dashboard model deprecated in favour of dashboardv2, but Grafana 13's
 * file provisioning loads the classic JSON without feature toggles, and that is what we ship.
 */
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { alertAnnotation, deploymentAnnotation } from './annotations';

export interface DashboardIdentity {
  /** Fixed UID: links, docs and the tutorial refer to it. */
  uid: string;
  title: string;
  description: string;
  tags?: string[];
}

/** The shared frame of every Faultline dashboard: last 30 minutes, 10 s refresh, shared crosshair. */
export function faultlineDashboard(identity: DashboardIdentity): DashboardBuilder {
  return (
    new DashboardBuilder(identity.title)
      .uid(identity.uid)
      .description(identity.description)
      .tags(['faultline', ...(identity.tags ?? [])])
      .time({ from: 'now-30m', to: 'now' })
      .refresh('10s')
      .timezone('browser')
      .tooltip(DashboardCursorSync.Crosshair)
      .readonly()
      // Deployments and Prometheus alerts on every dashboard: "did a recent deployment introduce
      // this?" and "what has fired since?" at a glance. (Grafana adds its built-in "Annotations &
      // Alerts" beside them, which shows Grafana's own alert rules: there are none.)
      .annotations([deploymentAnnotation(), alertAnnotation()])
      .link(
        new DashboardLinkBuilder('Faultline dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags(['faultline'])
          .asDropdown(true)
          .includeVars(false)
          .keepTime(true),
      )
  );
}
