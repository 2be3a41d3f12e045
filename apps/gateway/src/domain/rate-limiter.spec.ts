import { createRateLimiter } from './rate-limiter';

describe('createRateLimiter (a token bucket per client)', () => {
  const at = (ms: { now: number }) => () => ms.now;

  it('admits a burst, refuses the next with the whole seconds until a token is back', () => {
    const time = { now: 0 };
    const limiter = createRateLimiter({ ratePerSecond: 0.5, burst: 2 }, { clock: at(time) });
    expect(limiter.admit('a')).toEqual({ admitted: true });
    expect(limiter.admit('a')).toEqual({ admitted: true });
    expect(limiter.admit('a')).toEqual({ admitted: false, retryAfterSeconds: 2 });
    time.now = 1500; // 0.75 of a token back
    expect(limiter.admit('a')).toEqual({ admitted: false, retryAfterSeconds: 1 });
    time.now = 2000;
    expect(limiter.admit('a')).toEqual({ admitted: true });
  });

  it('refills at the rate and never above the burst', () => {
    const time = { now: 0 };
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 3 }, { clock: at(time) });
    for (let i = 0; i < 3; i++) expect(limiter.admit('a').admitted).toBe(true);
    expect(limiter.admit('a').admitted).toBe(false);
    time.now = 60_000; // a minute idle: 600 tokens' worth, capped at 3
    const admitted = Array.from({ length: 5 }, () => limiter.admit('a').admitted);
    expect(admitted).toEqual([true, true, true, false, false]);
  });

  it('keeps one bucket per client', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1 }, { clock: () => 0 });
    expect(limiter.admit('a').admitted).toBe(true);
    expect(limiter.admit('a').admitted).toBe(false);
    expect(limiter.admit('b').admitted).toBe(true);
  });

  it('forgets the least recently seen client past maxClients, so memory stays bounded', () => {
    const limiter = createRateLimiter(
      { ratePerSecond: 1, burst: 1 },
      { clock: () => 0, maxClients: 2 },
    );
    limiter.admit('a');
    limiter.admit('b');
    limiter.admit('a'); // refused, and seen again: b is now the oldest
    limiter.admit('c'); // b is forgotten
    expect(limiter.admit('a').admitted).toBe(false);
    expect(limiter.admit('b').admitted).toBe(true);
  });
});
