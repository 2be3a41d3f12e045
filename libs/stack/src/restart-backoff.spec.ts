import { restartBackoff } from './restart-backoff';

const backoff = () => restartBackoff({ minMs: 500, maxMs: 10_000, resetAfterMs: 30_000 });

describe('restartBackoff', () => {
  it('waits 500 ms after a first exit, doubling for each exit in a row up to the 10 s cap', () => {
    const delays = backoff();
    expect(Array.from({ length: 8 }, () => delays.next(0))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('starts from 500 ms again once a process has stayed up resetAfterMs', () => {
    const delays = backoff();
    expect([delays.next(0), delays.next(0), delays.next(0)]).toEqual([500, 1000, 2000]);
    expect(delays.next(30_000)).toBe(500);
    expect(delays.next(29_999)).toBe(1000);
  });

  it('refuses a minimum of zero or a cap below the minimum', () => {
    expect(() => restartBackoff({ minMs: 0, maxMs: 10, resetAfterMs: 1 })).toThrow(
      'restart backoff needs 0 < minBackoffMs <= maxBackoffMs, got 0 and 10',
    );
    expect(() => restartBackoff({ minMs: 20, maxMs: 10, resetAfterMs: 1 })).toThrow(
      'got 20 and 10',
    );
  });
});
