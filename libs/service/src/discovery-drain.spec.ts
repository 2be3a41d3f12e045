import { discoveryDrain } from './discovery-drain';

const timing = { nextPollWithinMs: 200, appliedWithinMs: 150 };

async function timed(work: Promise<void>): Promise<number> {
  const started = performance.now();
  await work;
  return performance.now() - started;
}

describe('discoveryDrain: a target leaves the list before its process stops', () => {
  it('drains at once when nobody has ever asked the list', async () => {
    expect(await timed(discoveryDrain(timing).drained())).toBeLessThan(50);
  });

  it('waits for the next ask, then for Prometheus to apply it', async () => {
    const drain = discoveryDrain(timing);
    drain.polled();
    let done = false;
    const draining = drain.drained().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toBe(false);
    const askedAt = performance.now();
    drain.polled();
    await draining;
    const afterAsk = performance.now() - askedAt;
    // The applying time counts from the ask, not from the rollback.
    expect(afterAsk).toBeGreaterThanOrEqual(140);
    expect(afterAsk).toBeLessThan(300);
  });

  it('stops waiting when no ask comes within a refresh interval', async () => {
    const drain = discoveryDrain(timing);
    drain.polled();
    const took = await timed(drain.drained());
    expect(took).toBeGreaterThanOrEqual(190);
    // No ask came, so no applying time is added on top.
    expect(took).toBeLessThan(320);
  });
});
