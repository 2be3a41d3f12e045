import { describe, expect, it } from 'vitest';
import { announcementKey, clockOf, spokenDuration } from './countdown';

describe('clockOf', () => {
  it.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [999, '0:01'],
    [61_000, '1:01'],
    [600_000, '10:00'],
    [3_725_000, '1:02:05'],
  ])('shows %i ms as %s', (ms, shown) => {
    expect(clockOf(ms)).toBe(shown);
  });
});

describe('spokenDuration', () => {
  it('says hours, minutes and seconds in words, leaving out the zeros', () => {
    expect(spokenDuration(3_661_000)).toBe('1 hour 1 minute 1 second');
    expect(spokenDuration(120_000)).toBe('2 minutes');
    expect(spokenDuration(0)).toBe('0 seconds');
  });
});

describe('announcementKey', () => {
  it('speaks up at whole minutes and at 30 and 10 seconds only', () => {
    const keys = [180_000, 179_000, 61_000, 60_000, 45_000, 30_000, 29_500, 10_000, 9_000, 0].map(
      announcementKey,
    );
    expect(keys).toEqual([
      'm3',
      undefined,
      undefined,
      'm1',
      undefined,
      's30',
      's30',
      's10',
      undefined,
      undefined,
    ]);
  });
});
