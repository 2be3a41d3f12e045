/**
 * A release as the slot runs it: a process answering at `url`, until it exits or is stopped
 * (npm start's spawnService, compose's spawnRelease).
 */
export interface ReleaseProcess {
  url: string;
  pid: number;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (the service's drain); resolves once it has exited. */
  stop(): Promise<unknown>;
}

/** A canary release running beside the stable one. */
export interface CanaryDeployment {
  service: 'payment';
  version: string;
  url: string;
  pid: number;
}

/**
 * The one canary a stack may run beside its stable payment: started as a release (its
 * SERVICE_VERSION) on its own port against payment's database, stopped on rollback. npm start's
 * supervisor holds one; compose's payment-canary service is one (apps/payment's canary-slot). Calls are
 * taken one at a time, so a deploy and a rollback never cross. A canary that exits by itself is
 * not restarted: a release that dies is a failed deployment, to be rolled back.
 */
export interface CanarySlot {
  /** The canary running now, if one is (one that exited is no longer running). */
  current(): CanaryDeployment | undefined;
  /** Starts `version` as the canary once it answers ready, stopping a canary running before. */
  deploy(version: string): Promise<CanaryDeployment>;
  /**
   * Stops the canary (SIGTERM, its drain); the one stopped, or undefined when none ran. With
   * `unlistFirst`, it leaves the targets list at once and stops only once that resolves, so a
   * Prometheus that discovers it drops the target before the process goes (no `up` 0 left behind).
   */
  rollback(options?: { unlistFirst?: () => Promise<void> }): Promise<CanaryDeployment | undefined>;
}

export interface CanarySlotDeps {
  /** Starts payment as release `version`; resolves once it answers ready. */
  start(version: string): Promise<ReleaseProcess>;
  /** A line for the output of whoever holds the slot. */
  log(line: string): void;
}

export function canarySlot(deps: CanarySlotDeps): CanarySlot {
  let running:
    { deployment: CanaryDeployment; process: ReleaseProcess; exited: boolean } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // One call at a time, in the order they came; a failed call does not stop the next.
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const stopRunning = async (
    unlistFirst?: () => Promise<void>,
  ): Promise<CanaryDeployment | undefined> => {
    const was = running;
    running = undefined;
    if (!was) return undefined;
    if (unlistFirst && !was.exited) {
      deps.log(
        `payment canary ${was.deployment.version} unlisted: stopping it once discovery has dropped it`,
      );
      await unlistFirst();
    }
    await was.process.stop();
    deps.log(`payment canary ${was.deployment.version} stopped (pid ${was.deployment.pid})`);
    return was.deployment;
  };

  return {
    current: () => (running && !running.exited ? { ...running.deployment } : undefined),
    deploy: (version) =>
      serially(async () => {
        await stopRunning();
        const process = await deps.start(version);
        const deployment: CanaryDeployment = {
          service: 'payment',
          version,
          url: process.url,
          pid: process.pid,
        };
        const entry = { deployment, process, exited: false };
        running = entry;
        deps.log(`payment canary ${version} ready at ${process.url} (pid ${process.pid})`);
        void process.exited.then((code) => {
          entry.exited = true;
          if (running === entry) {
            deps.log(
              `payment canary ${version} exited (code ${code}): not restarted, roll it back`,
            );
          }
        });
        return { ...deployment };
      }),
    rollback: (options) => serially(() => stopRunning(options?.unlistFirst)),
  };
}
