import { ORDER_STATUSES } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { isSettled, pollDelayMs, statusView } from './order-status';

describe('order status', () => {
  it('keeps following pending orders and stops at a final status', () => {
    expect(ORDER_STATUSES.filter((status) => !isSettled(status))).toEqual([
      'pending',
      'payment_pending',
      'refund_pending',
    ]);
  });

  it('says honestly that a payment_pending order is not paid yet, and not charged twice', () => {
    const view = statusView('payment_pending');
    expect(view.title).toBe('Payment pending');
    expect(view.message).toContain('not confirmed yet');
    expect(view.message).toContain('at most once');
  });

  it('asks soon at first, then less often, never less often than every 4 s', () => {
    expect(pollDelayMs(0)).toBe(1000);
    expect(pollDelayMs(1)).toBe(1500);
    expect(pollDelayMs(10)).toBe(4000);
  });
});
