import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

/** libs/stack/dist/start.js: what `npm start` runs once everything is built. */
export const NPM_START_ENTRY = join(dirname(require.resolve('@faultline/stack')), 'start.js');

export interface NpmStartRun {
  pid: number;
  /** Every line it printed so far (stdout and stderr). */
  lines: string[];
  /** Resolves with the first line matching `pattern`, waiting for it up to `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** How it exited, or 'still running' after `timeoutMs`. */
  exitWithin(
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'>;
}

/** Runs npm start's entry (no build: the test target builds first) with `env` over the test's. */
export function runNpmStart(env: Record<string, string>): NpmStartRun {
  const child = spawn(process.execPath, [NPM_START_ENTRY], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      lines.push(...complete);
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const listener of listeners) listener();
    }),
  );
  const waitForLine = (pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        outcome();
      };
      const check = (): void => {
        const match = lines.map((line) => pattern.exec(line)).find((found) => found !== null);
        if (match) {
          settle(() => {
            resolve(match);
          });
        } else if (child.exitCode !== null || child.signalCode !== null) {
          settle(() => {
            reject(new Error(`npm start exited before printing ${pattern}:\n${tail()}`));
          });
        }
      };
      const timer = setTimeout(() => {
        settle(() => {
          reject(new Error(`npm start did not print ${pattern} in ${timeoutMs} ms:\n${tail()}`));
        });
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const tail = (): string => lines.slice(-30).join('\n');
  const exitWithin: NpmStartRun['exitWithin'] = async (timeoutMs) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'still running'>((resolve) => {
      timer = setTimeout(() => {
        resolve('still running');
      }, timeoutMs);
    });
    try {
      return await Promise.race([exited, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { pid: child.pid ?? -1, lines, waitForLine, exited, exitWithin };
}
