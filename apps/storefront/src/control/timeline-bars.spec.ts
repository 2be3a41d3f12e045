import { describe, expect, it } from 'vitest';
import { timelineBars } from './timeline-bars';

const fault = (service: 'order' | 'payment', start: number, duration: number, point: string) => ({
  service,
  startAfterSeconds: start,
  durationSeconds: duration,
  rule: { point, kind: 'error' },
});

describe('timelineBars', () => {
  it("draws each fault over the scenario's length, in the order written", () => {
    const bars = timelineBars({
      runsSeconds: 900,
      faults: [
        fault('order', 0, 900, 'order.retry_worker'),
        fault('payment', 30, 600, 'payment.gateway.charge'),
      ],
    });
    expect(bars).toEqual([
      expect.objectContaining({ service: 'order', leftPercent: 0, widthPercent: 100 }),
      expect.objectContaining({
        service: 'payment',
        point: 'payment.gateway.charge',
        fromSeconds: 30,
        toSeconds: 630,
        leftPercent: (30 / 900) * 100,
        widthPercent: (600 / 900) * 100,
      }),
    ]);
  });

  it('never draws a bar too thin to see, nor past the end', () => {
    const [short, late] = timelineBars({
      runsSeconds: 10_000,
      faults: [fault('order', 0, 1, 'http.server'), fault('order', 9_990, 100, 'http.server')],
    });
    expect(short?.widthPercent).toBe(1);
    expect((late?.leftPercent ?? 0) + (late?.widthPercent ?? 0)).toBeLessThanOrEqual(100.0001);
  });
});
