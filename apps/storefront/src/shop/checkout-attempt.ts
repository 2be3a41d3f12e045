import type { CheckoutRequest } from '@faultline/contracts';
import { randomHex } from './random-id';

/**
 * One Idempotency-Key per distinct checkout. Sending the same request again (after "try again
 * later", a lost answer, a double submit) reuses its key, so order answers it once and charges at
 * most once; a changed request (another card, another quantity) gets a new key, as order refuses a
 * different request under a used one. The request is kept in memory only, never stored.
 */
export function createCheckoutAttempts(newKey: () => string = () => `sf-${randomHex(16)}`) {
  let last: { request: string; key: string } | undefined;
  return {
    keyFor(request: CheckoutRequest): string {
      const text = JSON.stringify(request);
      if (last?.request !== text) last = { request: text, key: newKey() };
      return last.key;
    },
  };
}

export type CheckoutAttempts = ReturnType<typeof createCheckoutAttempts>;
