/**
 * `npm run runbook-links -w tests/prometheus`: writes each runbook's "Dashboards and Explore"
 * section (runbook-links.ts) into docs/runbooks/<alert>.md, before "First three queries" when the
 * page has none yet. Run it after changing an alert's expression, a dashboard's title or uid, or
 * the table of dashboards; runbook-links.spec.ts fails until then.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedDashboards } from './grafana-links';
import { SECTION, dashboardsAndExplore, withSection } from './runbook-links';
import { runbookPath } from './runbooks';
import { alertingRules } from './rules';

const dashboards = generatedDashboards();
for (const { alert, expr } of alertingRules()) {
  const path = runbookPath(alert);
  const current = readFileSync(path, 'utf8');
  const next = withSection(
    current,
    SECTION,
    dashboardsAndExplore(alert, expr, dashboards),
    'First three queries',
  );
  if (next === current) continue;
  writeFileSync(path, next);
  process.stdout.write(`wrote docs/runbooks/${alert}.md\n`);
}
