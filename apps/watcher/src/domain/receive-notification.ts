import type { Logger } from '@faultline/instrumented';
import type { DeadMansSwitch } from './dead-mans-switch';
import { summariseNotification } from './notification';
import type { Notification, WebhookNotification } from './notification';
import type { NotificationInbox } from './notification-inbox';
import { DEADMAN_RECEIVER } from './watcher-metrics';
import type { WatcherMetrics } from './watcher-metrics';

export interface ReceiveNotificationDeps {
  inbox: NotificationInbox;
  deadman: DeadMansSwitch;
  clock: () => Date;
  logger: Logger;
  metrics: Pick<WatcherMetrics, 'notifications'>;
}

/**
 * An Alertmanager notification arrives: counted and logged (so it reaches Loki), then either the
 * Watchdog's proof of life (receiver `deadman`: it resets the dead man's switch and is not listed,
 * or one a minute would push real pages out of the pager) or a page kept for the pager view.
 * Only a firing Watchdog counts as proof: a resolved one means Prometheus stopped sending it.
 */
export function receiveNotification(
  webhook: WebhookNotification,
  deps: ReceiveNotificationDeps,
): Notification {
  const notification = summariseNotification(webhook, deps.clock());
  const { receiver, status } = notification;
  deps.metrics.notifications.inc({ receiver, status });
  const isWatchdog = receiver === DEADMAN_RECEIVER;
  if (isWatchdog) {
    if (status === 'firing') deps.deadman.watchdogSeen();
  } else {
    deps.inbox.add(notification);
  }
  const line = {
    event: 'alert_notification',
    receiver,
    status,
    group_key: notification.groupKey,
    alert_names: notification.alertNames,
    runbook_urls: notification.runbookUrls,
    alerts: webhook.alerts.length + webhook.truncatedAlerts,
  };
  const text = `${status} notification to ${receiver}: ${notification.alertNames.join(', ')}`;
  if (status === 'firing' && !isWatchdog) deps.logger.warn(line, text);
  else deps.logger.info(line, text);
  return notification;
}
