import { randomUUID } from 'node:crypto';
import type { Logger, Metrics } from '@faultline/instrumented';
import { orderClient } from './clients/order-client';
import type { WatcherConfig } from './config';
import { deadMansSwitch } from './domain/dead-mans-switch';
import { NotificationInbox } from './domain/notification-inbox';
import type { ReceiveNotificationDeps } from './domain/receive-notification';
import type { SyntheticCheckoutDeps } from './domain/synthetic-checkout';
import { watcherMetrics } from './domain/watcher-metrics';

/** The part of the config the watcher's wiring reads. */
type WatcherSettings = Pick<
  WatcherConfig,
  'ORDER_URL' | 'SYNTHETIC_TIMEOUT_MS' | 'DEADMAN_TIMEOUT_MS' | 'NOTIFICATIONS_KEPT'
>;

/** The watcher's dependencies, wired once: the HTTP app and the two loops share them. */
export interface WatcherDeps {
  /** What each synthetic checkout works with. */
  synthetic: SyntheticCheckoutDeps;
  /** What each Alertmanager notification is received with: the pager's inbox, the dead man's switch. */
  notifications: ReceiveNotificationDeps;
  clock: () => Date;
  /** Stops the order client's breaker timers. */
  close(): void;
}

/**
 * The watcher's one composition root: the order client behind the ShopCheckout port, the pager's
 * inbox and the dead man's switch, with the metrics and the clock (injected by tests).
 */
export function composeWatcher(
  settings: WatcherSettings,
  logger: Logger,
  metrics: Metrics,
  clock: () => Date = () => new Date(),
): WatcherDeps {
  const ownMetrics = watcherMetrics(metrics);
  const shop = orderClient({
    baseUrl: settings.ORDER_URL,
    timeoutMs: settings.SYNTHETIC_TIMEOUT_MS,
    clock,
    metrics,
    logger,
  });
  return {
    synthetic: {
      shop,
      timeoutMs: settings.SYNTHETIC_TIMEOUT_MS,
      clock,
      newKey: () => `synthetic-${randomUUID()}`,
      logger,
      metrics,
      watcherMetrics: ownMetrics,
    },
    notifications: {
      inbox: new NotificationInbox(settings.NOTIFICATIONS_KEPT),
      deadman: deadMansSwitch({
        timeoutMs: settings.DEADMAN_TIMEOUT_MS,
        clock,
        logger,
        metrics: ownMetrics,
      }),
      clock,
      logger,
      metrics: ownMetrics,
    },
    clock,
    close: () => {
      shop.close();
    },
  };
}
