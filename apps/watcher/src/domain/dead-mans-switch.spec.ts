import { inMemoryWatcher, webhook } from '../test/in-memory';
import type { InMemoryWatcher } from '../test/in-memory';
import { receiveNotification } from './receive-notification';

const TIMEOUT_MS = 300_000;

/** The dead man's switch on an injected clock, fed through the webhook's use case. */
describe("the dead man's switch", () => {
  let w: InMemoryWatcher;
  beforeEach(() => {
    w = inMemoryWatcher({ deadmanTimeoutMs: TIMEOUT_MS });
  });

  const deadman = () => w.notifications.deadman;
  const watchdog = (status: 'firing' | 'resolved' = 'firing') =>
    receiveNotification(webhook('Watchdog', { receiver: 'deadman', status }), w.notifications);
  const alarms = () => w.logs.lines().filter((line) => line['event'] === 'deadman_alarm');

  it('trips once the Watchdog has been silent for the timeout, counted from the start, and says so once', async () => {
    w.clock.advance(TIMEOUT_MS - 1);
    deadman().check();
    expect(deadman().status().tripped).toBe(false);
    expect(await w.value('watcher_deadman_alarm')).toBe(0);

    w.clock.advance(1);
    deadman().check();
    deadman().check();
    expect(deadman().status()).toMatchObject({ tripped: true, lastWatchdogAt: undefined });
    expect(await w.value('watcher_deadman_alarm')).toBe(1);
    expect(alarms()).toEqual([
      expect.objectContaining({
        level: 'error',
        last_watchdog_at: null,
        silent_for_ms: TIMEOUT_MS,
        timeout_ms: TIMEOUT_MS,
      }),
    ]);
  });

  it('stays quiet while the Watchdog keeps arriving, however long the watcher runs', async () => {
    for (let minute = 0; minute < 30; minute++) {
      w.clock.advance(60_000);
      watchdog();
      deadman().check();
    }
    expect(deadman().status().tripped).toBe(false);
    expect(alarms()).toEqual([]);
    expect(await w.value('watcher_deadman_last_seen_timestamp_seconds')).toBe(
      Date.parse('2026-11-03T10:30:00Z') / 1000,
    );
  });

  it('trips after the timeout since the last Watchdog, and clears on the next one', async () => {
    watchdog();
    w.clock.advance(TIMEOUT_MS);
    deadman().check();
    expect(deadman().status()).toMatchObject({
      tripped: true,
      lastWatchdogAt: new Date('2026-11-03T10:00:00Z'),
    });

    w.clock.advance(60_000);
    watchdog();
    expect(deadman().status().tripped).toBe(false);
    expect(await w.value('watcher_deadman_alarm')).toBe(0);
    expect(w.logs.lines().filter((l) => l['event'] === 'deadman_cleared')).toEqual([
      expect.objectContaining({ level: 'info', silent_for_ms: TIMEOUT_MS + 60_000 }),
    ]);

    // Armed again: the next silence trips it again.
    w.clock.advance(TIMEOUT_MS);
    deadman().check();
    expect(deadman().status().tripped).toBe(true);
    expect(alarms()).toHaveLength(2);
  });

  it('takes no proof of life from a resolved Watchdog (Prometheus stopped sending it), nor from other receivers', () => {
    w.clock.advance(TIMEOUT_MS - 1000);
    watchdog('resolved');
    receiveNotification(webhook('Watchdog', { receiver: 'page' }), w.notifications);
    w.clock.advance(1000);
    deadman().check();
    expect(deadman().status().tripped).toBe(true);
  });
});
