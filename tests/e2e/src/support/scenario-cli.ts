import { execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Stack } from '@faultline/stack';
import { ADMIN_TOKEN } from './observed-stack';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');
export const DOCS_DIR = join(REPO_ROOT, 'docs');
const CLI = join(REPO_ROOT, 'apps', 'faultline-cli', 'dist', 'main.js');

export interface RunningScenario {
  /** When the CLI reported applying the scenario's first fault or deployment (ms since the epoch). */
  firstFaultAt: Promise<number>;
  /** Everything the CLI printed so far. */
  output(): string;
  /** Ctrl-C: the CLI removes the faults it applied, then exits. */
  stop(): Promise<void>;
}

/**
 * `npm run faultline -- run <name> --seed <seed>` against the given stack, as a workshop host runs
 * it: the built CLI as its own process, pointed at the services by FAULTLINE_<SERVICE>_URL.
 */
export function runScenarioCli(stack: Stack, name: string, seed: number): RunningScenario {
  const child = spawn(process.execPath, [CLI, 'run', name, '--seed', String(seed)], {
    env: {
      PATH: process.env['PATH'],
      FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
      FAULTLINE_CATALOG_URL: stack.urls.catalog,
      FAULTLINE_INVENTORY_URL: stack.urls.inventory,
      FAULTLINE_ORDER_URL: stack.urls.order,
      FAULTLINE_PAYMENT_URL: stack.urls.payment,
      ...(stack.urls.gateway !== undefined && { FAULTLINE_GATEWAY_URL: stack.urls.gateway }),
      ...(stack.supervisorUrl !== undefined && { FAULTLINE_SUPERVISOR_URL: stack.supervisorUrl }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', (error) => {
      output += `\n${error.message}`;
      resolve();
    });
  });
  const firstFaultAt = new Promise<number>((resolveApplied, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/\] applied /.test(output)) resolveApplied(Date.now());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      reject(new Error(`faultline run ${name} applied nothing within 30 s:\n${output}`));
    }, 30_000);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`faultline run ${name} exited before applying a fault:\n${output}`));
    });
  });
  firstFaultAt.catch(() => undefined);
  return {
    firstFaultAt,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      // The CLI removes its faults, rolls back a canary it shipped (which waits up to 17 s for
      // Prometheus to drop it) and exits; one that hangs is killed, the stack is stopped anyway.
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * `npm run faultline -- <args>` run to its end, as a host runs it: the built CLI as its own
 * process with only `env` (and PATH). Its exit code and the lines it printed.
 */
export function runFaultline(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ code: number; lines: string[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env } },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, lines: stdout.trimEnd().split('\n') });
      },
    );
  });
}
