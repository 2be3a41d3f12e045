import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './daemon';

/**
 * The command of the services' image HEALTHCHECK (the Dockerfile's exec form, a JSON array), so
 * tests and the bench run exactly what Docker runs inside each container.
 */
export function imageHealthcheck(dockerfile = join(REPO_ROOT, 'Dockerfile')): string[] {
  const text = readFileSync(dockerfile, 'utf8');
  const match = /^HEALTHCHECK [^\n]*\\\n\s+CMD (\[.*\])$/m.exec(text);
  if (!match?.[1]) throw new Error(`no HEALTHCHECK … CMD [...] in ${dockerfile}`);
  const command = JSON.parse(match[1]) as unknown;
  if (!Array.isArray(command) || command.some((part) => typeof part !== 'string')) {
    throw new Error(`the HEALTHCHECK CMD of ${dockerfile} is not a list of strings`);
  }
  return command as string[];
}

export interface HealthcheckRun {
  /** The exit code: 0 healthy, anything else unhealthy (Docker's reading). */
  code: number | null;
  /** Process id, while it ran (for measuring what it costs). */
  pid: number;
}

/**
 * Runs the image's healthcheck against a service listening on 127.0.0.1:`port`, with only the
 * environment the image gives it (PATH and PORT). `onSpawn` sees the process while it runs.
 */
export async function runImageHealthcheck(
  port: number,
  onSpawn: (pid: number) => void = () => undefined,
): Promise<HealthcheckRun> {
  const [command = '', ...args] = imageHealthcheck();
  const child = spawn(command, args, {
    stdio: 'ignore',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PORT: String(port) },
  });
  const pid = child.pid ?? -1;
  onSpawn(pid);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, pid });
    });
  });
}
