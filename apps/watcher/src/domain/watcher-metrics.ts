import type { Metrics } from '@faultline/instrumented';

/** The receiver Alertmanager sends the Watchdog to: its notifications are the proof of life. */
export const DEADMAN_RECEIVER = 'deadman';

/** What a synthetic checkout ended as: paid, or anything a customer would not call a purchase. */
export const SYNTHETIC_OUTCOMES = ['paid', 'failed'] as const;
export type SyntheticOutcome = (typeof SYNTHETIC_OUTCOMES)[number];

/** The watcher's metrics (names are part of the alerts' and dashboards' interface). */
export function watcherMetrics(metrics: Metrics) {
  const checks = metrics.counter<'outcome'>({
    name: 'synthetic_checkouts_total',
    help: 'Synthetic checkouts placed by the watcher through the order service, by outcome: paid or failed.',
    labelNames: ['outcome'],
  });
  const notifications = metrics.counter<'receiver' | 'status'>({
    name: 'watcher_notifications_total',
    help: 'Alertmanager webhook notifications received, by receiver and status (firing, resolved).',
    labelNames: ['receiver', 'status'],
  });
  // Every series exists from the start, so an alert on increase() sees the first one.
  for (const outcome of SYNTHETIC_OUTCOMES) checks.inc({ outcome }, 0);
  for (const status of ['firing', 'resolved']) {
    notifications.inc({ receiver: DEADMAN_RECEIVER, status }, 0);
  }
  return {
    checks,
    checkDuration: metrics.histogram({
      name: 'synthetic_checkout_duration_seconds',
      help: 'Time a synthetic checkout took from request to answer (or to its timeout).',
    }),
    lastSuccess: metrics.gauge({
      name: 'synthetic_checkout_last_success_timestamp_seconds',
      help: 'Unix time of the last synthetic checkout that was paid; 0 until one is.',
    }),
    notifications,
    deadmanAlarm: metrics.gauge({
      name: 'watcher_deadman_alarm',
      help: "1 while the dead man's switch is tripped: no Watchdog notification for DEADMAN_TIMEOUT_MS.",
    }),
    deadmanLastSeen: metrics.gauge({
      name: 'watcher_deadman_last_seen_timestamp_seconds',
      help: 'Unix time of the last Watchdog notification (receiver deadman, firing); 0 until one arrives.',
    }),
  };
}

export type WatcherMetrics = ReturnType<typeof watcherMetrics>;
