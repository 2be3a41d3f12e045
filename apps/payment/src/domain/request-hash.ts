import { createHash } from 'node:crypto';
import type { Money } from './payment';

export interface HashedRequest {
  orderId: string;
  amount: Money;
  card: { last4: string; expiry: string };
}

/**
 * Fingerprint of a payment request, telling a replay (same hash) from a reused key (another hash).
 * Built from what identifies the charge without the full card number or the CVV, so the stored
 * hash cannot be brute-forced back into card data.
 */
export function requestHash(request: HashedRequest): string {
  const fields = [
    request.orderId,
    request.amount.amount,
    request.amount.currency,
    request.card.last4,
    request.card.expiry,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
