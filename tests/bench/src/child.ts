import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface Child<Reply> {
  process: ChildProcess;
  pid: number;
  /** Resolves with the next message of `type`. */
  next<T extends Reply>(type: string): Promise<T>;
  stop(): Promise<void>;
}

/** Forks one of the bench's own child entries (compiled next to this file) with an IPC channel. */
export async function forkChild<Reply extends { type: string }>(
  entry: string,
  args: string[] = [],
  execArgv: string[] = [],
): Promise<{ child: Child<Reply>; ready: Reply }> {
  const proc = fork(join(__dirname, entry), args, {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      resolve();
    }),
  );
  const next = <T extends Reply>(type: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Reply): void => {
        if (message.type !== type) return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(message as T);
      };
      const onExit = (): void => {
        proc.off('message', onMessage);
        reject(new Error(`${entry} exited before sending "${type}"`));
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const child: Child<Reply> = {
    process: proc,
    pid: proc.pid ?? -1,
    next,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        if (proc.connected) proc.disconnect();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  const ready = await next('ready');
  return { child, ready };
}
