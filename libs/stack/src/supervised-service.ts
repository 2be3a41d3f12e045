import type { RestartBackoff } from './restart-backoff';
import type { ServiceProcess } from './service-process';
import type { ProcessName } from './services';

/** One service kept running: restarted with backoff whenever its process exits, until stopped. */
export interface SupervisedService {
  /** The process running now; while a restart is under way, the one that exited. */
  readonly current: ServiceProcess;
  /** True while `current` runs (it answered ready and has not exited). */
  readonly up: boolean;
  /** Restarts attempted so far, failed ones included. */
  readonly restarts: number;
  /**
   * Resolves once the supervised process answers ready: at once when it does, else after the
   * restart under way (or its own recovery). Rejects if the service is stopped first.
   */
  whenReady(): Promise<void>;
  /** No restart from now on: ends a restart under way, then stops the running process (SIGTERM). */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** The process startStack started, already ready. */
  first: ServiceProcess;
  /** Aborted when the whole stack stops: from then on nothing is restarted. */
  stackStopping: AbortSignal;
  /** Starts the service again on the same port with the same environment; aborted on stop. */
  respawn: (signal: AbortSignal) => Promise<ServiceProcess>;
  backoff: RestartBackoff;
  /** One loud line for each exit, failed restart and recovery. */
  log: (line: string) => void;
  /** Called as each restart begins (the restart counter). */
  onRestart: () => void;
  /** Whether a process answers ready now (GET /health/ready is 200). */
  answersReady: (service: ServiceProcess) => Promise<boolean>;
}

/** How often whenReady looks again while the service is not ready. */
const READY_POLL_MS = 50;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Watches `first` and each process after it. An exit while not stopping is always a failure: the
 * services only exit on their own when they crash, so there is no "clean exit" to leave alone.
 */
export function superviseService(name: ProcessName, options: SuperviseOptions): SupervisedService {
  const stopped = new AbortController();
  const stopping = AbortSignal.any([options.stackStopping, stopped.signal]);
  // A function, not a property read: it changes across the awaits below.
  const isStopping = (): boolean => stopping.aborted;
  let current = options.first;
  let up = true;
  let readySince = Date.now();
  let downSince = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | undefined;

  const scheduleRestart = (uptimeMs: number, what: string): void => {
    const delay = options.backoff.next(uptimeMs);
    options.log(`${what}; restarting in ${delay} ms (restart ${restarts + 1})`);
    timer = setTimeout(() => {
      timer = undefined;
      attempt = restart().finally(() => {
        attempt = undefined;
      });
    }, delay);
  };

  const watch = (service: ServiceProcess): void => {
    void service.exited.then(() => {
      if (isStopping()) return;
      up = false;
      downSince = Date.now();
      const { exitCode, signalCode } = service.child;
      scheduleRestart(
        Date.now() - readySince,
        `${name} (pid ${service.pid}) exited (code ${exitCode}, signal ${signalCode})`,
      );
    });
  };

  const restart = async (): Promise<void> => {
    if (isStopping()) return;
    restarts++;
    options.onRestart();
    let service: ServiceProcess;
    try {
      service = await options.respawn(stopping);
    } catch (error) {
      if (isStopping()) return;
      // It never became ready: as short a run as a crash can be, so the delay doubles.
      scheduleRestart(0, `${name} restart ${restarts} failed: ${reason(error)}`);
      return;
    }
    current = service;
    up = true;
    readySince = Date.now();
    options.log(
      `${name} is back on ${service.url} (pid ${service.pid}, restart ${restarts}, down ${readySince - downSince} ms)`,
    );
    watch(service);
  };

  watch(options.first);
  return {
    get current() {
      return current;
    },
    get up() {
      return up;
    },
    get restarts() {
      return restarts;
    },
    // Asks the process rather than trusting `up` alone: right after a kill the supervisor has not
    // seen the exit yet, and a process told to stop (SIGTERM) drains for a while, answering 503.
    async whenReady() {
      for (;;) {
        if (isStopping()) throw new Error(`${name} is stopped`);
        if (up && (await options.answersReady(current))) return;
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
    },
    async stop() {
      stopped.abort();
      clearTimeout(timer);
      await attempt;
      await current.stop();
      up = false;
    },
  };
}
