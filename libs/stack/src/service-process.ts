import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { answersReady, waitUntilReady } from '@faultline/service';
import type { ProcessName } from './services';

export interface ServiceProcess {
  name: ProcessName;
  url: string;
  /** The process id, e.g. for `kill -9` in a chaos test. */
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (graceful) by default; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnServiceOptions {
  name: ProcessName;
  env: Record<string, string>;
  /** Every line the service writes (stdout and stderr). */
  onLine: (service: ProcessName, line: string) => void;
  readyTimeoutMs?: number;
  /** Aborting stops a start still under way: the process is ended and the start rejects. */
  signal?: AbortSignal;
}

/** The built entry point of a service, found through its workspace package. */
export function serviceEntry(name: ProcessName): string {
  return join(dirname(require.resolve(`@faultline/${name}/package.json`)), 'dist', 'main.js');
}

const REGISTER = require.resolve('@faultline/instrumented/register');

function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

export { answersReady };

/**
 * Starts one service exactly as `npm start` does — `node --require …/register dist/main.js` — and
 * resolves once it listens and reports ready.
 */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const { name } = options;
  options.signal?.throwIfAborted();
  if (/^(warn|error|fatal|silent)$/.test(options.env['LOG_LEVEL'] ?? '')) {
    throw new Error(
      `${name}: LOG_LEVEL must be info or lower: its service_listening line tells where it listens`,
    );
  }
  const child = spawn(process.execPath, ['--require', REGISTER, serviceEntry(name)], {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  const onAbort = (): void => {
    child.kill('SIGTERM');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  const listening = new Promise<string>((resolve, reject) => {
    const onLine = (line: string): void => {
      options.onLine(name, line);
      if (!line.includes('"service_listening"')) return;
      try {
        resolve(String((JSON.parse(line) as { url: unknown }).url));
      } catch {
        // not a log line of ours
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, (line) => {
      options.onLine(name, line);
    });
    void exited.then((code) => {
      reject(
        new Error(`${name} exited (code ${code}, signal ${child.signalCode}) before listening`),
      );
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  try {
    const url = await listening;
    await waitUntilReady(url, deadline, () => child.exitCode !== null || child.signalCode !== null);
    options.signal?.throwIfAborted();
    // spawn gives no pid only when the process could not start; then it never listened.
    return { name, url, pid: child.pid ?? -1, child, exited, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
