import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './paths';

export interface PromtoolResult {
  status: number | null;
  /** stdout and stderr together, as a person running it would see them. */
  output: string;
}

/** Runs Prometheus's promtool (Debian's `prometheus` package puts it on PATH) from the repo root. */
export function promtool(args: readonly string[]): PromtoolResult {
  const result = spawnSync('promtool', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool could not run: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Asserts promtool exited 0; on failure the reported value is its whole output, saying why. */
export function expectExitZero({ status, output }: PromtoolResult): void {
  expect(status === 0 ? 'exit 0' : `exit ${String(status)}\n${output}`).toBe('exit 0');
}
