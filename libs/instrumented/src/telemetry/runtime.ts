/**
 * The telemetry SDK started by the preload, reachable from the app (for the flush on shutdown)
 * without the app knowing how it was configured. When nothing was preloaded, both calls are no-ops.
 */
import { withTimeout } from '../timing/with-timeout';

interface StartedTelemetry {
  shutdown(): Promise<void>;
}

const KEY = Symbol.for('faultline.telemetry');
type Holder = { [KEY]?: StartedTelemetry };

export function setStartedTelemetry(telemetry: StartedTelemetry): void {
  (globalThis as Holder)[KEY] = telemetry;
}

/** Flushes and stops the exporters; never throws and never waits more than `timeoutMs`. */
export async function shutdownTelemetry(timeoutMs = 5000): Promise<void> {
  const telemetry = (globalThis as Holder)[KEY];
  if (!telemetry) return;
  (globalThis as Holder)[KEY] = undefined;
  await withTimeout(
    telemetry.shutdown().catch(() => undefined),
    timeoutMs,
  );
}
