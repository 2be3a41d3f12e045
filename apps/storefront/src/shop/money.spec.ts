import { describe, expect, it } from 'vitest';
import { formatMoney, timesQuantity } from './money';

describe('formatMoney', () => {
  it('shows minor units as currency units with the currency sign', () => {
    expect(formatMoney({ amount: 24900, currency: 'EUR' })).toBe('€249.00');
    expect(formatMoney({ amount: 5, currency: 'EUR' })).toBe('€0.05');
  });

  it('respects currencies without minor units', () => {
    expect(formatMoney({ amount: 1200, currency: 'JPY' })).toBe('JP¥1,200');
  });

  it('multiplies a unit price by a quantity in the same currency', () => {
    expect(timesQuantity({ amount: 3900, currency: 'EUR' }, 3)).toEqual({
      amount: 11700,
      currency: 'EUR',
    });
  });
});
