import { spawn } from 'node:child_process';
import type { ReleaseProcess } from './canary-slot';

/** Whether the service at `url` answers GET /health/ready with 200 now. */
export async function answersReady(url: string): Promise<boolean> {
  try {
    // Bounded: a wedged process must read as not ready, not hang whoever asks.
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false; // not listening (yet, or any more)
  }
}

/**
 * Resolves once the service at `url` answers ready; rejects when `exited()` says its process has
 * ended (a crash loop: no use polling a port nobody holds) or the deadline (ms since the epoch)
 * passes.
 */
export async function waitUntilReady(
  url: string,
  deadline: number,
  exited: () => boolean,
): Promise<void> {
  for (;;) {
    if (exited()) throw new Error(`exited before ${url}/health/ready answered 200`);
    if (await answersReady(url)) return;
    if (Date.now() > deadline) throw new Error(`${url}/health/ready did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface SpawnReleaseOptions {
  /** The service's built entry point (dist/main.js). */
  entry: string;
  /** The release to start as (SERVICE_VERSION). */
  version: string;
  /** The port it listens on (PORT). */
  port: number;
  /** Where others reach it (e.g. http://payment-canary:3004); its readiness is asked on loopback. */
  url: string;
  /** Its environment, before SERVICE_VERSION and PORT. */
  env: Readonly<Record<string, string | undefined>>;
  readyTimeoutMs?: number;
}

/**
 * Starts a release of a service as its image starts it (`node --require
 * @faultline/instrumented/register <entry>`), its output on this process's, and resolves once it
 * answers ready on `port`; a release that exits or never gets ready is stopped and rejected.
 */
export async function spawnRelease(options: SpawnReleaseOptions): Promise<ReleaseProcess> {
  const child = spawn(
    process.execPath,
    ['--require', '@faultline/instrumented/register', options.entry],
    {
      env: { ...options.env, SERVICE_VERSION: options.version, PORT: String(options.port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!hasExited()) child.kill(signal);
    return exited;
  };
  try {
    await waitUntilReady(
      `http://127.0.0.1:${options.port}`,
      Date.now() + (options.readyTimeoutMs ?? 60_000),
      hasExited,
    );
    return { url: options.url, pid: child.pid ?? -1, exited, stop: () => stop() };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}
