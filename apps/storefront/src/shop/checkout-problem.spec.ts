import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { checkoutProblemOf } from './checkout-problem';

const names = (sku: string) => (sku === 'FL-LAMP-400' ? 'Headlamp 400 lm' : sku);
const answered = (status: number, problem?: Record<string, unknown>, retryAfter?: number) =>
  checkoutProblemOf(new ApiError(status, problem, retryAfter, `answered ${status}`), names);

describe('what the checkout tells the shopper', () => {
  it.each([
    ['card_declined', 'Your card was declined'],
    ['insufficient_funds', 'Your card was declined: insufficient funds'],
    ['stolen_card', 'This card cannot be used'],
    ['fraud_suspected', 'We could not verify this payment'],
  ])(
    'a %s decline (402) says so, says nothing was charged, and asks for another card',
    (code, title) => {
      const problem = answered(402, { code: 'payment_declined', decline_code: code });
      expect(problem).toMatchObject({ title, fix: 'card' });
      expect(problem.message).toContain('Nothing was charged');
    },
  );

  it('names the product that ran out (409) and how many are left', () => {
    expect(
      answered(409, { code: 'insufficient_stock', sku: 'FL-LAMP-400', available: 2 }),
    ).toMatchObject({
      fix: 'cart',
      sku: 'FL-LAMP-400',
      message: expect.stringContaining('only 2 of Headlamp 400 lm left') as string,
    });
    expect(
      answered(409, { code: 'insufficient_stock', sku: 'FL-LAMP-400', available: 0 }).message,
    ).toContain('Headlamp 400 lm is out of stock');
  });

  it('asks to try again later on 429 and 503, with the wait the shop asked for', () => {
    expect(answered(429, { code: 'rate_limited' }, 3).message).toContain('try again in 3 seconds');
    expect(answered(503, { code: 'catalog_unavailable' }, 1).message).toContain(
      'try again in 1 second',
    );
    expect(answered(503, { code: 'inventory_unavailable' })).toMatchObject({ fix: 'wait' });
  });

  it('says the shop could not be reached when no answer came', () => {
    expect(answered(0).title).toBe('We could not reach the shop');
  });

  it('maps invalid fields of a 422 to the form', () => {
    expect(
      answered(422, {
        code: 'validation_failed',
        detail: 'The request is not valid.',
        invalid_params: [{ name: 'payment.expiry', reason: 'the card has expired' }],
      }),
    ).toMatchObject({ fix: 'fields', fields: { 'payment.expiry': 'the card has expired' } });
  });

  it('does not claim nothing was charged for an error it cannot explain', () => {
    expect(answered(500).message).not.toContain('Nothing was charged');
  });

  it('does not claim nothing was charged when the gateway lost order’s answer (503 naming order)', () => {
    const problem = answered(503, { code: 'dependency_unavailable', dependency: 'order' });
    expect(problem).toMatchObject({ title: 'We could not confirm your order', fix: 'wait' });
    expect(problem.message).not.toContain('Nothing was charged');
    expect(problem.message).toContain('does not charge you twice');
  });
});
