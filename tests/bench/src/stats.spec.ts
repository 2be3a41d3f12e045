import { LatencyRecorder, median, percentileOfSorted, summariseLatencies } from './stats';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores runs that produced no figure, and is NaN when none did', () => {
    expect(median([Number.NaN, 5, 7, Number.NaN, 6])).toBe(6);
    expect(median([Number.NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('latency percentiles', () => {
  it('uses the nearest rank, so p99 of 100 samples is the 99th smallest', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 95)).toBe(95);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
  });

  it('summarises unsorted samples recorded past the first buffer', () => {
    const recorder = new LatencyRecorder();
    for (let i = 10_000; i >= 1; i--) recorder.record(i);
    expect(recorder.size).toBe(10_000);
    expect(summariseLatencies(recorder.samples())).toEqual({
      p50: 5000,
      p95: 9500,
      p99: 9900,
      max: 10_000,
    });
  });
});
