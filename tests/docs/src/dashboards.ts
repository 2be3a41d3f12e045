import { join } from 'node:path';
import type { DashboardReference } from '@faultline/dashboards';
import { filesUnder, readText, repoPath } from './repo';

/** A generated dashboard as the docs may name it: its title and every panel title (rows too). */
export interface DashboardTitles {
  title: string;
  panels: ReadonlySet<string>;
}

interface JsonPanel {
  title?: string;
  panels?: JsonPanel[];
}

/** The committed dashboards of infra/grafana/dashboards (every folder), as Grafana loads them. */
export function generatedDashboards(
  root = repoPath('infra', 'grafana', 'dashboards'),
): DashboardTitles[] {
  return filesUnder(root)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const dashboard = JSON.parse(readText(join(root, file))) as {
        title: string;
        panels?: JsonPanel[];
      };
      const panels = new Set<string>();
      const visit = (panel: JsonPanel): void => {
        if (panel.title) panels.add(panel.title);
        for (const inner of panel.panels ?? []) visit(inner);
      };
      for (const panel of dashboard.panels ?? []) visit(panel);
      return { title: dashboard.title, panels };
    });
}

/** Each reference that names no existing dashboard, or a panel its dashboard does not have. */
export function unresolvedReferences(
  references: readonly DashboardReference[],
  dashboards: readonly DashboardTitles[],
): string[] {
  const byTitle = new Map(dashboards.map((dashboard) => [dashboard.title, dashboard]));
  return references.flatMap((reference) => {
    const where = `${reference.file}:${reference.line} ${reference.text}`;
    const dashboard = byTitle.get(reference.dashboard);
    if (!dashboard) return [`${where}: no dashboard titled "${reference.dashboard}"`];
    if (reference.panel !== undefined && !dashboard.panels.has(reference.panel)) {
      return [`${where}: ${reference.dashboard} has no panel titled "${reference.panel}"`];
    }
    return [];
  });
}
