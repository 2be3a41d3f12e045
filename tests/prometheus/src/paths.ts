import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (tests/prometheus/src → ../../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** infra/prometheus: prometheus.yml, rules/ and the promtool rule tests in tests/. */
export const PROMETHEUS_DIR = join(REPO_ROOT, 'infra', 'prometheus');
export const PROMETHEUS_CONFIG = join(PROMETHEUS_DIR, 'prometheus.yml');
export const RULES_DIR = join(PROMETHEUS_DIR, 'rules');
export const RULE_TESTS_DIR = join(PROMETHEUS_DIR, 'tests');

/** docs/runbooks: one page per alert, named after it. */
export const RUNBOOKS_DIR = join(REPO_ROOT, 'docs', 'runbooks');

/** scenarios: the fault scenarios, each naming the alerts it is expected to fire. */
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');

/** The .yml files of a folder as absolute paths, sorted (what a shell's `dir/*.yml` expands to). */
export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}
