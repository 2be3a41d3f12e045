import { createHash } from 'node:crypto';

/**
 * The order id follows from the Idempotency-Key, so a client retrying after a failed first try
 * lands on the same order id, and inventory (which keys reservations by order id) replays instead
 * of reserving twice.
 */
export function orderIdFor(idempotencyKey: string): string {
  const hex = createHash('sha256').update(`faultline-order:${idempotencyKey}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The key payment deduplicates charges by: one order, at most one charge, however often retried. */
export const paymentKeyFor = (orderId: string): string => `order-${orderId}`;

/** Fingerprint of a checkout request, to tell a replay from a different request under the same key. */
export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
