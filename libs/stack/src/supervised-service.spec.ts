import type { ChildProcess } from 'node:child_process';
import { restartBackoff } from './restart-backoff';
import type { ServiceProcess } from './service-process';
import { superviseService } from './supervised-service';
import type { SuperviseOptions } from './supervised-service';

/** A stand-in for a service process: it exits when told to crash or stop. */
interface FakeProcess extends ServiceProcess {
  crash(signal?: NodeJS.Signals): void;
}

let nextPid = 1000;
function fakeProcess(): FakeProcess {
  const child = { exitCode: null as number | null, signalCode: null as NodeJS.Signals | null };
  let exit: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => (exit = resolve));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name: 'order',
    url: 'http://127.0.0.1:4003',
    pid: nextPid++,
    child: child as unknown as ChildProcess,
    exited,
    stop: () => {
      if (alive()) {
        child.exitCode = 0;
        exit(0);
      }
      return exited;
    },
    crash: (signal = 'SIGKILL') => {
      child.signalCode = signal;
      exit(null);
    },
  };
}

const until = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};
/** The fakes answer ready while they run, unless told to drain. */
const draining = new Set<ServiceProcess>();
const ready = (process: ServiceProcess): boolean =>
  process.child.exitCode === null && process.child.signalCode === null && !draining.has(process);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function supervised(overrides: Partial<SuperviseOptions> = {}) {
  const lines: string[] = [];
  const respawned: FakeProcess[] = [];
  let counted = 0;
  const stackStopping = new AbortController();
  const first = fakeProcess();
  const service = superviseService('order', {
    first,
    stackStopping: stackStopping.signal,
    respawn: () => {
      const next = fakeProcess();
      respawned.push(next);
      return Promise.resolve(next);
    },
    backoff: restartBackoff({ minMs: 5, maxMs: 20, resetAfterMs: 10_000 }),
    log: (line) => lines.push(line),
    onRestart: () => counted++,
    answersReady: (process) => Promise.resolve(ready(process)),
    ...overrides,
  });
  return { service, first, lines, respawned, stackStopping, counted: () => counted };
}

describe('superviseService', () => {
  it('restarts a process that was killed, saying so with its signal, and whenReady waits for it', async () => {
    const { service, first, lines, respawned, counted } = supervised();
    first.crash('SIGKILL');
    await first.exited;
    expect(service.up).toBe(false);
    await service.whenReady();
    expect(service.current).toBe(respawned[0]);
    expect(service.up).toBe(true);
    expect([service.restarts, counted()]).toEqual([1, 1]);
    expect(lines[0]).toBe(
      `order (pid ${first.pid}) exited (code null, signal SIGKILL); restarting in 5 ms (restart 1)`,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^order is back on http://127.0.0.1:4003 \\(pid ${respawned[0]!.pid}, restart 1, down \\d+ ms\\)$`,
      ),
    );
    await service.stop();
  });

  it('keeps retrying a crash loop for ever, the delay doubling up to the cap, logging each failure', async () => {
    const { service, first, lines } = supervised({
      respawn: () =>
        Promise.reject(new Error('order exited (code 1, signal null) before listening')),
    });
    first.crash();
    await until(() => lines.length >= 6, 'six lines');
    expect(lines.slice(0, 6).map((line) => /restarting in (\d+) ms/.exec(line)?.[1])).toEqual([
      '5',
      '10',
      '20',
      '20',
      '20',
      '20',
    ]);
    expect(lines[1]).toBe(
      'order restart 1 failed: order exited (code 1, signal null) before listening; restarting in 10 ms (restart 2)',
    );
    expect(service.up).toBe(false);
    await service.stop();
  });

  it('whenReady does not count a process that has not exited yet but no longer answers ready', async () => {
    const { service, first, respawned } = supervised();
    draining.add(first); // told to stop (SIGTERM), draining: 503, then it exits
    let resolved = false;
    const waiting = service.whenReady().then(() => (resolved = true));
    await sleep(120);
    expect(resolved).toBe(false);
    first.crash('SIGTERM');
    await waiting;
    expect(service.current).toBe(respawned[0]);
    await service.stop();
  });

  it('restarts nothing once the stack is stopping, not even a process that exits as it stops', async () => {
    const { service, first, lines, respawned, stackStopping } = supervised();
    stackStopping.abort();
    first.crash('SIGTERM');
    await first.exited;
    await sleep(30);
    expect(respawned).toEqual([]);
    expect(lines).toEqual([]);
    await service.stop();
  });

  it('cancels a restart still waiting out its delay when stopped', async () => {
    const { service, first, lines, respawned } = supervised({
      backoff: restartBackoff({ minMs: 50, maxMs: 50, resetAfterMs: 10_000 }),
    });
    first.crash();
    await until(() => lines.length === 1, 'the exit line');
    const waiting = service.whenReady();
    await service.stop();
    await expect(waiting).rejects.toThrow('order is stopped');
    await sleep(80);
    expect(respawned).toEqual([]);
    expect(service.restarts).toBe(0);
  });

  it('aborts a restart under way when stopped, and waits for it before returning', async () => {
    let aborted = false;
    const { service, first } = supervised({
      respawn: (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            // As spawnService does: the half-started process is ended before the start rejects.
            setTimeout(() => {
              aborted = true;
              reject(new Error('aborted'));
            }, 10);
          });
        }),
    });
    first.crash();
    await until(() => service.restarts === 1, 'the restart to begin');
    await service.stop();
    expect(aborted).toBe(true);
    expect(service.up).toBe(false);
    await expect(service.whenReady()).rejects.toThrow('order is stopped');
  });

  it('stops the process it restarted, not the one that died', async () => {
    const { service, first, respawned } = supervised();
    first.crash();
    await first.exited;
    await service.whenReady();
    await service.stop();
    expect(respawned[0]!.child.exitCode).toBe(0);
  });
});
