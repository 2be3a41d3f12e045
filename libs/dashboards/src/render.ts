import { join } from 'node:path';
import { DASHBOARDS } from './registry';

/** A generated dashboard file: its path relative to the dashboards root, and its exact content. */
export interface RenderedDashboard {
  path: string;
  content: string;
}

/** Where the committed JSON lives, relative to the repository root. */
export const DASHBOARDS_ROOT = join('infra', 'grafana', 'dashboards');

interface NumberedPanel {
  id?: number;
  targets?: { refId?: string }[];
  panels?: NumberedPanel[];
}

/**
 * Numbers panels 1, 2, 3… in layout order and names each panel's queries A, B, C…, so panel ids
 * (and ?viewPanel= links) and query ids stay stable.
 */
function numberPanels(panels: NumberedPanel[] | undefined, next = { id: 1 }): void {
  for (const panel of panels ?? []) {
    panel.id = next.id++;
    (panel.targets ?? []).forEach((target, index) => {
      target.refId ??= String.fromCharCode(65 + index);
    });
    numberPanels(panel.panels, next);
  }
}

/** Renders every dashboard to the JSON Grafana's file provider loads (stable, 2-space indented). */
export function renderDashboards(): RenderedDashboard[] {
  return DASHBOARDS.map((entry) => {
    const dashboard = entry.build() as { panels?: NumberedPanel[] };
    numberPanels(dashboard.panels);
    return {
      path: join(entry.folder, entry.file),
      content: `${JSON.stringify(dashboard, null, 2)}\n`,
    };
  });
}
