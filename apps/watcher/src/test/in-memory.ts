import type { CheckoutRequest } from '@faultline/contracts';
import { createLogger } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import type { LogCapture } from '@faultline/instrumented/testing';
import { deadMansSwitch } from '../domain/dead-mans-switch';
import { NotificationInbox } from '../domain/notification-inbox';
import type { WebhookNotification } from '../domain/notification';
import type { CheckoutReply, ShopCheckout } from '../domain/ports';
import type { ReceiveNotificationDeps } from '../domain/receive-notification';
import type { SyntheticCheckoutDeps } from '../domain/synthetic-checkout';
import { watcherMetrics } from '../domain/watcher-metrics';
import type { WatcherMetrics } from '../domain/watcher-metrics';

/** What the fake shop does with its next order: answer, hang, or throw. */
export type ShopStep = CheckoutReply | 'hang' | 'throw';

/** A paid order as order answers it (201). */
export const PAID: CheckoutReply = {
  kind: 'answer',
  httpStatus: 201,
  orderStatus: 'paid',
  orderId: '3b241101-e2bb-5255-8caf-4136c566a962',
};

/** The shop's checkout in memory: answers from a script (paid when it runs out), every order kept. */
export function fakeShop(): ShopCheckout & {
  script: ShopStep[];
  orders: { request: CheckoutRequest; idempotencyKey: string }[];
} {
  const script: ShopStep[] = [];
  const orders: { request: CheckoutRequest; idempotencyKey: string }[] = [];
  return {
    script,
    orders,
    placeOrder(request, idempotencyKey) {
      orders.push({ request, idempotencyKey });
      const step = script.shift() ?? PAID;
      if (step === 'hang') return new Promise<CheckoutReply>(() => undefined);
      if (step === 'throw') return Promise.reject(new Error('the shop client broke'));
      return Promise.resolve(step);
    },
  };
}

/** A clock that only moves when told. */
export function manualClock(start = new Date('2026-11-03T10:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface InMemoryWatcher {
  shop: ReturnType<typeof fakeShop>;
  clock: ReturnType<typeof manualClock>;
  logs: LogCapture;
  metrics: Metrics;
  watcherMetrics: WatcherMetrics;
  synthetic: SyntheticCheckoutDeps;
  notifications: ReceiveNotificationDeps;
  /** The value of a metric's series with these labels (undefined when it has none). */
  value(name: string, labels?: Record<string, string>): Promise<number | undefined>;
}

/** The watcher's domain on in-memory fakes: a scripted shop, a manual clock, captured logs. */
export function inMemoryWatcher(
  options: { timeoutMs?: number; deadmanTimeoutMs?: number; kept?: number } = {},
): InMemoryWatcher {
  const shop = fakeShop();
  const clock = manualClock();
  const logs = captureLogs();
  const logger = createLogger({ service: 'watcher', destination: logs.destination });
  const metrics = freshMetrics();
  const own = watcherMetrics(metrics);
  let keys = 0;
  return {
    shop,
    clock,
    logs,
    metrics,
    watcherMetrics: own,
    synthetic: {
      shop,
      timeoutMs: options.timeoutMs ?? 1000,
      clock: clock.now,
      newKey: () => `synthetic-test-${++keys}`,
      logger,
      metrics,
      watcherMetrics: own,
    },
    notifications: {
      inbox: new NotificationInbox(options.kept ?? 100),
      deadman: deadMansSwitch({
        timeoutMs: options.deadmanTimeoutMs ?? 300_000,
        clock: clock.now,
        logger,
        metrics: own,
      }),
      clock: clock.now,
      logger,
      metrics: own,
    },
    async value(name, labels = {}) {
      // A histogram's _count and _sum series are values of the histogram, named by metricName.
      const series = (await metrics.registry.getMetricsAsJSON()).flatMap((metric) =>
        metric.values.map((value) => ({
          ...value,
          name: (value as { metricName?: string }).metricName ?? metric.name,
        })),
      );
      return series.find(
        (s) =>
          s.name === name &&
          Object.entries(labels).every(([key, value]) => s.labels[key] === value),
      )?.value;
    },
  };
}

/** An Alertmanager webhook notification (version 4) with one alert; `patch` overrides fields. */
export function webhook(
  alertname: string,
  patch: Partial<WebhookNotification> & { labels?: Record<string, string> } = {},
): WebhookNotification {
  const { labels, ...rest } = patch;
  return {
    receiver: 'page',
    status: 'firing',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    alerts: [
      {
        status: patch.status ?? 'firing',
        labels: { alertname, severity: 'page', job: 'order', ...labels },
        annotations: {
          summary: `${alertname} is firing`,
          runbook_url: `http://localhost:3005/runbooks/${alertname}`,
        },
        startsAt: '2026-11-03T09:58:00.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
      },
    ],
    ...rest,
  };
}
