import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The root of this checkout (libs/stack/src or libs/stack/dist → ../../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** A backend binary (Alertmanager, an exporter) running on a free port of 127.0.0.1. */
export interface Daemon {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`: what a Prometheus scrape or alerting target takes. */
  address: string;
  /** Its temporary folder (config, data), removed on stop. */
  dir: string;
  /** What it has written to stdout and stderr so far (the last 4 000 characters). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited and its folder is gone. */
  stop(): Promise<void>;
}

export interface StartDaemonOptions {
  /** The Debian package that ships `binary`, named in the error when it is not installed. */
  apt: string;
  binary: string;
  /** Its arguments for the address it must listen on; may write files into `dir` first. */
  args: (address: string, dir: string) => string[];
  /** Environment added to this process's own. */
  env?: Record<string, string>;
  /** Path answering 200 once it is ready, e.g. `/-/ready`. */
  readyPath: string;
  readyTimeoutMs?: number;
}

/**
 * Starts `binary` on a free port of 127.0.0.1 with a temporary folder of its own and resolves once
 * `readyPath` answers 200; rejects with its output when it exits or is not ready in time.
 */
export async function startDaemon(options: StartDaemonOptions): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), `faultline-${options.binary}-`));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const url = `http://${address}`;
  let args: string[];
  try {
    args = options.args(address, dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const child = spawn(options.binary, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = new Promise<void>((done) => {
    child.once('close', () => {
      done();
    });
  });
  const running = (): boolean =>
    spawnError === undefined && child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (running()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    } else if (spawnError === undefined) {
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    try {
      const response = await fetch(`${url}${options.readyPath}`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (spawnError) {
      await stop();
      const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(
        missing
          ? `${options.binary} is not installed (Debian: apt-get install ${options.apt})`
          : `${options.binary} could not start: ${spawnError.message}`,
      );
    }
    if (!running() || Date.now() > deadline) {
      const why = running() ? 'did not become ready in time' : 'exited';
      await stop();
      throw new Error(`${options.binary} ${why}:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return { url, address, dir, output: () => output, stop };
}
