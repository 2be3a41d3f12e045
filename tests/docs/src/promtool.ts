import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PromqlCheck {
  /** Where the query is, e.g. `docs/tutorial/README.md:42`; promtool names it on failure. */
  where: string;
  query: string;
}

export interface PromtoolResult {
  status: number | null;
  /** stdout and stderr together, as a person running it would see them. */
  output: string;
}

/**
 * Parses PromQL queries with Prometheus's own parser. promtool has no offline command for a bare
 * query, so each becomes a recording rule in a group named after where it is, and
 * `promtool check rules` parses them all (a JSON rule file is valid YAML).
 */
export function checkPromql(queries: readonly PromqlCheck[]): PromtoolResult {
  const groups = queries.map(({ where, query }, index) => ({
    name: where,
    rules: [{ record: `docs:query:q${index + 1}`, expr: query }],
  }));
  const dir = mkdtempSync(join(tmpdir(), 'faultline-doc-queries-'));
  try {
    const file = join(dir, 'doc-queries.yml');
    writeFileSync(file, JSON.stringify({ groups }, null, 2));
    const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    if (result.error) throw new Error(`promtool could not run: ${result.error.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
