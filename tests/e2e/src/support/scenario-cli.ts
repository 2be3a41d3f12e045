import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Stack } from '@faultline/stack';
import { ADMIN_TOKEN } from './observed-stack';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');
export const DOCS_DIR = join(REPO_ROOT, 'docs');
const CLI = join(REPO_ROOT, 'apps', 'faultline-cli', 'dist', 'main.js');

export interface RunningScenario {
  /** When the CLI reported applying the scenario's first fault (ms since the epoch). */
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  const firstFaultAt = new Promise<number>((resolveApplied, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/\] applied /.test(output)) resolveApplied(Date.now());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      reject(new Error(`faultline run ${name} exited before applying a fault:\n${output}`));
    });
  });
  firstFaultAt.catch(() => undefined);
  return {
    firstFaultAt,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
