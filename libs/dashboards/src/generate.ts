/**
 * `npm run dashboards`: writes every dashboard to infra/grafana/dashboards/<folder>/<file>.json.
 * With --check, writes nothing and exits 1 when a committed file differs from what it would write.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DASHBOARDS_ROOT, renderDashboards } from './render';

const repositoryRoot = resolve(__dirname, '..', '..', '..');
const root = join(repositoryRoot, DASHBOARDS_ROOT);
const check = process.argv.includes('--check');

let stale = 0;
for (const dashboard of renderDashboards()) {
  const file = join(root, dashboard.path);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === dashboard.content) continue;
  if (check) {
    stale += 1;
    process.stderr.write(`stale: ${join(DASHBOARDS_ROOT, dashboard.path)}\n`);
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, dashboard.content);
  process.stdout.write(`wrote ${join(DASHBOARDS_ROOT, dashboard.path)}\n`);
}
if (stale > 0) {
  process.stderr.write('run `npm run dashboards` and commit the result\n');
  process.exit(1);
}
