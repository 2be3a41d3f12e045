/**
 * What must be undone if the bench is interrupted (Ctrl-C, SIGTERM): service processes stopped,
 * databases dropped. Phases register their undo steps; a signal runs them, newest first, then exits.
 */
const steps = new Set<() => Promise<void>>();

/** Registers an undo step; call the returned function once the phase has undone it itself. */
export function onInterrupt(step: () => Promise<void>): () => void {
  steps.add(step);
  return () => steps.delete(step);
}

export function undoOnSignals(log: (line: string) => void): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping services and dropping the bench's databases`);
    void (async () => {
      for (const step of [...steps].reverse()) await step().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
