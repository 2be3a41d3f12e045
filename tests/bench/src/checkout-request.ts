import { randomInt, randomUUID } from 'node:crypto';

/** The card every checkout pays with: the test card that always pays. */
const PAYING_CARD = { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' };

/** prd_01 … prd_20: the catalog's seeded products (apps/catalog/migrations/001_products.sql). */
const PRODUCT_COUNT = 20;

/**
 * One checkout: a fresh Idempotency-Key (so every request places a new order) and one unit of a
 * random product, spread over the catalog so concurrent reservations do not all lock one stock row.
 */
export function checkoutRequest(): { headers: Record<string, string>; body: string } {
  const product = `prd_${String(randomInt(1, PRODUCT_COUNT + 1)).padStart(2, '0')}`;
  return {
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
    body: JSON.stringify({
      customerId: 'bench',
      items: [{ productId: product, quantity: 1 }],
      payment: PAYING_CARD,
    }),
  };
}
