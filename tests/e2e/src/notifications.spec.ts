import { TEST_CARDS, shoppers, startObservedStack, waitFor } from './support/observed-stack';
import type { ObservedStack } from './support/observed-stack';

/**
 * The notification path itself, on a whole native stack (services, watcher, Prometheus, blackbox
 * and postgres exporters, Alertmanager; rules and Alertmanager 10x faster): a service that is down
 * mutes the alerts it causes, and when the Watchdog stops arriving the watcher raises its own alarm.
 */
const TIME_SCALE = 10;
/** Short, so the test sees the switch trip; the Watchdog still arrives every 6 s or so. */
const DEADMAN_TIMEOUT_MS = 15_000;

describe('the notification path', () => {
  let o: ObservedStack;
  let traffic: ReturnType<typeof shoppers>;
  beforeAll(async () => {
    o = await startObservedStack({
      timeScale: TIME_SCALE,
      env: { DEADMAN_TIMEOUT_MS: String(DEADMAN_TIMEOUT_MS) },
    });
    traffic = shoppers(o.stack.urls.order, 4, [TEST_CARDS.visa]);
  }, 120_000);
  afterAll(async () => {
    await traffic.stop();
    await o.stop();
  }, 60_000);

  it('mutes what a service that is down causes: only ServiceDown reaches the pager', async () => {
    await waitFor(
      async () => ((await o.pager()).deadman.lastWatchdogAt !== null ? true : undefined),
      30_000,
      'the Watchdog reaching the dead man',
    );
    await o.stack.services.payment.stop('SIGKILL');

    // What payment's death causes: its probe fails, order's calls to it fail.
    const caused = (labels: Record<string, string>) =>
      labels['alertname'] !== 'ServiceDown' &&
      labels['alertname'] !== 'Watchdog' &&
      (labels['job'] === 'payment' || labels['peer_service'] === 'payment');
    const held = await waitFor(
      async () => {
        const alerts = await o.alertmanager.alerts();
        const down = alerts.some(
          (a) => a.labels['alertname'] === 'ServiceDown' && a.labels['job'] === 'payment',
        );
        const consequences = alerts.filter((a) => caused(a.labels));
        return down && consequences.length > 0 ? alerts : undefined;
      },
      120_000,
      'ServiceDown for payment and an alert it causes, both in Alertmanager',
    );
    const consequences = held.filter((a) => caused(a.labels));
    for (const alert of consequences) {
      expect([alert.labels['alertname'], alert.status.state]).toEqual([
        alert.labels['alertname'],
        'suppressed',
      ]);
      expect(alert.status.inhibitedBy.length).toBeGreaterThan(0);
    }

    const paged = await waitFor(
      async () => {
        const { items } = await o.pager();
        return items.some((n) => n.alertNames.includes('ServiceDown')) ? items : undefined;
      },
      60_000,
      'ServiceDown on the pager',
    );
    const notified = new Set(paged.flatMap((n) => n.alertNames));
    for (const alert of consequences) {
      expect(notified.has(alert.labels['alertname'] ?? '')).toBe(false);
    }
  }, 240_000);

  it("raises the dead man's alarm when the Watchdog stops arriving", async () => {
    expect((await o.pager()).deadman.tripped).toBe(false);
    await o.alertmanager.stop();
    const stoppedAt = Date.now();
    await waitFor(
      async () => ((await o.pager()).deadman.tripped ? true : undefined),
      DEADMAN_TIMEOUT_MS + 30_000,
      "the dead man's alarm",
    );
    // Not before the timeout since the last Watchdog (at most one repeat before the stop).
    expect(Date.now() - stoppedAt).toBeGreaterThan(DEADMAN_TIMEOUT_MS - 10_000);
    const metrics = await (await fetch(`${o.stack.urls.watcher ?? ''}/metrics`)).text();
    expect(metrics).toMatch(/^watcher_deadman_alarm 1$/m);
  }, 120_000);
});
