import type { Logger } from '@faultline/instrumented';
import type { WatcherMetrics } from './watcher-metrics';

export interface DeadMansSwitchDeps {
  /** Silence from the Watchdog this long trips the switch. */
  timeoutMs: number;
  clock: () => Date;
  logger: Logger;
  metrics: Pick<WatcherMetrics, 'deadmanAlarm' | 'deadmanLastSeen'>;
}

/** Where the switch stands, for the pager page and GET /notifications. */
export interface DeadmanStatus {
  tripped: boolean;
  timeoutMs: number;
  /** When the last Watchdog arrived; undefined while none has since the watcher started. */
  lastWatchdogAt: Date | undefined;
  /** Since when nothing has been heard: the last Watchdog, or the watcher's start. */
  silentSince: Date;
}

export interface DeadMansSwitch {
  /** A Watchdog notification arrived: proof that Prometheus evaluates and Alertmanager delivers. */
  watchdogSeen(): void;
  /** Trips the switch if the Watchdog has been silent for the timeout (run on a timer). */
  check(): void;
  status(): DeadmanStatus;
}

/**
 * The dead man's switch on the alerting pipeline. Prometheus fires the Watchdog all the time and
 * Alertmanager sends it to the `deadman` receiver; when none has arrived for `timeoutMs` (counted
 * from the watcher's start until the first one), something between the rules and the pager is down,
 * and no other alert can reach anyone: the watcher raises its own alarm (error log line, gauge,
 * banner). The next Watchdog clears it.
 */
export function deadMansSwitch(deps: DeadMansSwitchDeps): DeadMansSwitch {
  const armedAt = deps.clock();
  let lastWatchdogAt: Date | undefined;
  let trippedAt: Date | undefined;
  deps.metrics.deadmanAlarm.set(0);

  const silentSince = (): Date => lastWatchdogAt ?? armedAt;

  return {
    watchdogSeen() {
      const now = deps.clock();
      const silentForMs = now.getTime() - silentSince().getTime();
      lastWatchdogAt = now;
      deps.metrics.deadmanLastSeen.set(now.getTime() / 1000);
      if (trippedAt === undefined) return;
      trippedAt = undefined;
      deps.metrics.deadmanAlarm.set(0);
      deps.logger.info(
        { event: 'deadman_cleared', silent_for_ms: silentForMs },
        "dead man's switch cleared: the Watchdog is arriving again",
      );
    },
    check() {
      if (trippedAt !== undefined) return;
      const now = deps.clock();
      const silentForMs = now.getTime() - silentSince().getTime();
      if (silentForMs < deps.timeoutMs) return;
      trippedAt = now;
      deps.metrics.deadmanAlarm.set(1);
      deps.logger.error(
        {
          event: 'deadman_alarm',
          last_watchdog_at: lastWatchdogAt?.toISOString() ?? null,
          silent_for_ms: silentForMs,
          timeout_ms: deps.timeoutMs,
        },
        `dead man's switch tripped: no Watchdog for ${Math.round(silentForMs / 1000)} s; alerts may not be reaching anyone`,
      );
    },
    status: () => ({
      tripped: trippedAt !== undefined,
      timeoutMs: deps.timeoutMs,
      lastWatchdogAt,
      silentSince: silentSince(),
    }),
  };
}
