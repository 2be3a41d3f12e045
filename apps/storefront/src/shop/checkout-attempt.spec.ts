import type { CheckoutRequest } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { createCheckoutAttempts } from './checkout-attempt';

const request = (cardNumber: string, quantity = 1): CheckoutRequest => ({
  customerId: 'c-1',
  items: [{ productId: 'prd_04', quantity }],
  payment: { cardNumber, expiry: '12/39', cvv: '123' },
});

describe('checkout attempts', () => {
  it('sends the same request again under the same Idempotency-Key', () => {
    const attempts = createCheckoutAttempts();
    const first = attempts.keyFor(request('4242 4242 4242 4242'));
    expect(attempts.keyFor(request('4242 4242 4242 4242'))).toBe(first);
    expect(first).toMatch(/^[A-Za-z0-9:_-]{1,128}$/);
  });

  it('gives a changed request (another card, another quantity) a new key', () => {
    const attempts = createCheckoutAttempts();
    const declined = attempts.keyFor(request('4000 0000 0000 0002'));
    const paying = attempts.keyFor(request('4242 4242 4242 4242'));
    const more = attempts.keyFor(request('4242 4242 4242 4242', 2));
    expect(new Set([declined, paying, more]).size).toBe(3);
  });
});
