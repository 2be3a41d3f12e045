import { spawnSync } from 'node:child_process';

export interface AmtoolResult {
  status: number | null;
  stdout: string;
  output: string;
}

/** Runs Alertmanager's amtool (Debian's `prometheus-alertmanager` package puts it on PATH). */
export function amtool(args: string[]): AmtoolResult {
  const result = spawnSync('amtool', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`amtool could not run: ${result.error.message}`);
  return {
    status: result.status,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** The receivers `amtool config routes test` resolves `labels` to, with `configFile`'s routes. */
export function routeOf(configFile: string, labels: Record<string, string>): string[] {
  const result = amtool([
    'config',
    'routes',
    'test',
    `--config.file=${configFile}`,
    ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
  ]);
  if (result.status !== 0) throw new Error(`amtool config routes test failed: ${result.output}`);
  return result.stdout.trim().split(',').filter(Boolean);
}
