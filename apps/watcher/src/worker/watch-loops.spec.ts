import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckoutReply } from '../domain/ports';
import { PAID, inMemoryWatcher } from '../test/in-memory';
import { deadmanCheckIntervalMs, deadmanLoop, syntheticCheckLoop } from './watch-loops';

describe('the synthetic checkout loop', () => {
  it('checks at once, then again after each check ends: never two at once, even when order is slow', async () => {
    const w = inMemoryWatcher();
    let active = 0;
    let most = 0;
    w.synthetic.shop = {
      async placeOrder(): Promise<CheckoutReply> {
        most = Math.max(most, ++active);
        await sleep(40);
        active--;
        return PAID;
      },
    };
    const loop = syntheticCheckLoop(w.synthetic, 5);
    loop.start();
    await sleep(10);
    expect(active).toBe(1);
    await sleep(150);
    await loop.stop();
    expect(most).toBe(1);
    expect(await w.value('synthetic_checkouts_total', { outcome: 'paid' })).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('goes on after a hung order call, which only costs it the timeout', async () => {
    const w = inMemoryWatcher({ timeoutMs: 30 });
    w.shop.script.push('hang', 'hang');
    const loop = syntheticCheckLoop(w.synthetic, 5);
    loop.start();
    await sleep(200);
    await loop.stop();
    expect(await w.value('synthetic_checkouts_total', { outcome: 'failed' })).toBe(2);
    expect(await w.value('synthetic_checkouts_total', { outcome: 'paid' })).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe("the dead man's switch loop", () => {
  it('looks every tenth of the timeout, between 100 ms and 10 s', () => {
    expect(deadmanCheckIntervalMs(300_000)).toBe(10_000);
    expect(deadmanCheckIntervalMs(20_000)).toBe(2_000);
    expect(deadmanCheckIntervalMs(300)).toBe(100);
  });

  it('trips the switch on its timer, with nothing arriving', async () => {
    const w = inMemoryWatcher({ deadmanTimeoutMs: 300 });
    const loop = deadmanLoop(w.notifications.deadman, w.synthetic.logger);
    loop.start();
    w.clock.advance(300);
    await sleep(150);
    await loop.stop();
    expect(w.notifications.deadman.status().tripped).toBe(true);
  });
});
