import { inMemoryWatcher, webhook } from '../test/in-memory';
import type { InMemoryWatcher } from '../test/in-memory';
import { MAX_ALERTS_KEPT } from './notification';
import { NotificationInbox } from './notification-inbox';
import { receiveNotification } from './receive-notification';

describe('receiveNotification', () => {
  let w: InMemoryWatcher;
  beforeEach(() => {
    w = inMemoryWatcher({ kept: 3 });
  });
  const receive = (...args: Parameters<typeof webhook>) =>
    receiveNotification(webhook(...args), w.notifications);

  it('keeps the last N notifications, newest first, and forgets the oldest', () => {
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      receive(name);
      w.clock.advance(1000);
    }
    const kept = w.notifications.inbox.list();
    expect(kept.map((n) => n.alertNames)).toEqual([['E'], ['D'], ['C']]);
    expect(kept[0]).toMatchObject({
      receivedAt: '2026-11-03T10:00:04.000Z',
      receiver: 'page',
      status: 'firing',
      groupKey: '{}:{alertname="E"}',
      runbookUrls: ['http://localhost:3005/runbooks/E'],
    });
  });

  it('logs each one as alert_notification with its alert names and runbooks, and counts it', async () => {
    receive('PaymentsUnreconciled');
    receive('PaymentsUnreconciled', { status: 'resolved' });
    receive('Watchdog', { receiver: 'deadman' });
    expect(
      w.logs
        .lines()
        .filter((l) => l['event'] === 'alert_notification')
        .map((l) => [l.level, l['receiver'], l['status'], l['alert_names'], l['runbook_urls']]),
    ).toEqual([
      [
        'warn',
        'page',
        'firing',
        ['PaymentsUnreconciled'],
        [expect.stringMatching(/\/runbooks\/PaymentsUnreconciled$/)],
      ],
      [
        'info',
        'page',
        'resolved',
        ['PaymentsUnreconciled'],
        [expect.stringMatching(/\/runbooks\/PaymentsUnreconciled$/)],
      ],
      ['info', 'deadman', 'firing', ['Watchdog'], [expect.stringMatching(/\/runbooks\/Watchdog$/)]],
    ]);
    expect(
      await w.value('watcher_notifications_total', { receiver: 'page', status: 'firing' }),
    ).toBe(1);
    expect(
      await w.value('watcher_notifications_total', { receiver: 'page', status: 'resolved' }),
    ).toBe(1);
    expect(
      await w.value('watcher_notifications_total', { receiver: 'deadman', status: 'firing' }),
    ).toBe(1);
  });

  it("keeps the Watchdog's proofs of life out of the pager's list", () => {
    receive('CheckoutErrorBudgetBurnFast');
    for (let i = 0; i < 10; i++) receive('Watchdog', { receiver: 'deadman' });
    expect(w.notifications.inbox.list().map((n) => n.alertNames)).toEqual([
      ['CheckoutErrorBudgetBurnFast'],
    ]);
  });

  it('keeps a bounded part of a huge group: the first alerts, values cut short, the rest counted', () => {
    const huge = webhook('Flood', { truncatedAlerts: 5 });
    const [first] = huge.alerts;
    huge.alerts = Array.from({ length: 50 }, (_, i) => ({
      ...first!,
      labels: { ...first!.labels, instance: `node-${i}`, blob: 'x'.repeat(10_000) },
    }));
    const kept = receiveNotification(huge, w.notifications);
    expect(kept.alerts).toHaveLength(MAX_ALERTS_KEPT);
    expect(kept.alertsLeftOut).toBe(50 - MAX_ALERTS_KEPT + 5);
    expect(kept.alerts[0]!.labels['blob']!.length).toBeLessThanOrEqual(500);
    expect(kept.alertNames).toEqual(['Flood']);
  });

  it('refuses an inbox that would keep nothing', () => {
    expect(() => new NotificationInbox(0)).toThrow('an inbox keeps at least one notification');
  });
});
