import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Every stdout line so far, parsed where it is JSON. */
  lines(): Record<string, unknown>[];
  /** Resolves with the exit code once the process has ended on its own or been stopped. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const REGISTER = join(__dirname, '../../dist/telemetry/register.js');

/** Starts a fixture as a real Node process with the telemetry preload; resolves once it listens. */
export async function startServiceProcess(
  fixture: string,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    ['--require', REGISTER, join(__dirname, '../fixtures', fixture)],
    {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const parsed: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    // 'close', not 'exit': every line written before the end has been read by then.
    child.once('close', (code) => {
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`fixture did not listen within 10 s: ${stderr}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          parsed.push(record);
          if (record['event'] === 'service_listening') {
            clearTimeout(timer);
            resolve(String(record['url']));
          }
        } catch {
          parsed.push({ raw: line });
        }
      }
    });
    void exited.then((code) => {
      reject(new Error(`fixture exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    lines: () => [...parsed],
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const eventually = async <T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
