import { describe, expect, it } from 'vitest';
import { LOW_STOCK, stockStatus } from './stock';

describe('stockStatus', () => {
  it.each([
    [100000, 'In stock', true],
    [LOW_STOCK + 1, 'In stock', true],
    [LOW_STOCK, `Only ${LOW_STOCK} left`, true],
    [1, 'Only 1 left', true],
    [0, 'Out of stock', false],
  ])('says %s units are "%s"', (available, label, canBuy) => {
    expect(stockStatus(available)).toMatchObject({ label, canBuy });
  });

  it('keeps a product sellable when inventory did not answer, and says so', () => {
    expect(stockStatus(null)).toEqual({
      label: 'Stock unknown right now',
      tone: 'unknown',
      canBuy: true,
    });
  });
});
