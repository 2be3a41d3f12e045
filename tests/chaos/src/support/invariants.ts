import type { Pool } from '@faultline/postgres';
import type { Checkout, Seen } from './shoppers';

export interface Databases {
  orders: Pool;
  inventory: Pool;
  payments: Pool;
}

/** One invariant: how many times it was broken, with a few examples to start from. */
export interface Finding {
  invariant: string;
  count: number;
  examples: string[];
}

const finding = (invariant: string, broken: string[]): Finding => ({
  invariant,
  count: broken.length,
  examples: broken.slice(0, 5),
});

/** Orders not in a final state: the worker has not finished with them. */
export async function unsettledOrders(db: Databases): Promise<number> {
  const { rows } = await db.orders.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders
      WHERE status IN ('pending', 'payment_pending', 'refund_pending')
         OR (reservation_settled = false AND reservation_id IS NOT NULL)`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Every invariant the chaos suite promises, read from the three databases and from what the
 * clients saw: nothing oversold, nothing charged without goods or twice, nothing lost, stock
 * conserved, and no 5xx but 503 with Retry-After.
 */
export async function checkInvariants(
  db: Databases,
  initialStock: ReadonlyMap<string, number>,
  checkouts: readonly Checkout[],
  seen: readonly Seen[],
): Promise<Finding[]> {
  const orders = (
    await db.orders.query<{ id: string; status: string; reservation_id: string | null }>(
      'SELECT id, status, reservation_id FROM orders',
    )
  ).rows;
  const orderById = new Map(orders.map((order) => [order.id, order]));
  const reservations = (
    await db.inventory.query<{ id: string; order_id: string; status: string }>(
      'SELECT id, order_id, status FROM reservations',
    )
  ).rows;
  const reservationByOrder = new Map(reservations.map((r) => [r.order_id, r]));
  const held = (
    await db.inventory.query<{ sku: string; status: string; units: number }>(
      `SELECT i.sku, r.status, sum(i.quantity)::int AS units
         FROM reservation_items i JOIN reservations r ON r.id = i.reservation_id
        WHERE r.status IN ('pending', 'committed') GROUP BY i.sku, r.status`,
    )
  ).rows;
  const stock = new Map(
    (
      await db.inventory.query<{ sku: string; available: number }>(
        'SELECT sku, available FROM stock',
      )
    ).rows.map((row) => [row.sku, row.available]),
  );
  const payments = (
    await db.payments.query<{ order_id: string; status: string; booked: number; refunded: number }>(
      `SELECT p.order_id, p.status,
              count(g.idempotency_key)::int AS booked,
              count(g.refunded_at)::int AS refunded
         FROM payments p LEFT JOIN gateway_charges g ON g.idempotency_key = p.id::text
        GROUP BY p.id`,
    )
  ).rows;

  const oversold: string[] = [];
  const notConserved: string[] = [];
  for (const [sku, initial] of initialStock) {
    const available = stock.get(sku) ?? 0;
    const units = (status: string) =>
      held.find((row) => row.sku === sku && row.status === status)?.units ?? 0;
    const committed = units('committed');
    if (available < 0 || committed > initial) oversold.push(`${sku}: ${committed} of ${initial}`);
    const total = available + units('pending') + committed;
    if (total !== initial) notConserved.push(`${sku}: ${total} ≠ ${initial}`);
  }

  const paidWithoutStock = orders
    .filter((order) => order.status === 'paid')
    .filter((order) => reservationByOrder.get(order.id)?.status !== 'committed')
    .map((order) => `${order.id}: reservation ${reservationByOrder.get(order.id)?.status}`);
  const stockWithoutOrder = reservations
    .filter((r) => r.status === 'committed' && orderById.get(r.order_id)?.status !== 'paid')
    .map((r) => `${r.order_id}: ${orderById.get(r.order_id)?.status ?? 'no order'}`);

  const chargesByOrder = new Map<string, number>();
  for (const payment of payments) {
    const kept = payment.booked - payment.refunded;
    chargesByOrder.set(payment.order_id, (chargesByOrder.get(payment.order_id) ?? 0) + kept);
  }
  const doubleCharged = [...chargesByOrder]
    .filter(([, kept]) => kept > 1)
    .map(([orderId, kept]) => `${orderId}: ${kept} charges`);
  const chargedWithoutGoods = [...chargesByOrder]
    .filter(([orderId, kept]) => kept > 0 && orderById.get(orderId)?.status !== 'paid')
    .map(([orderId]) => `${orderId}: ${orderById.get(orderId)?.status ?? 'no order'}`);

  const lost = checkouts
    .filter((c) => c.orderId !== undefined && !orderById.has(c.orderId))
    .map((c) => `${c.key} → ${c.orderId}`);
  const unanswered = checkouts.filter((c) => c.finalStatus === undefined).map((c) => c.key);
  const notFinal = orders
    .filter((order) => ['pending', 'payment_pending', 'refund_pending'].includes(order.status))
    .map((order) => `${order.id}: ${order.status}`);

  const byKey = new Map<string, Checkout[]>();
  for (const c of checkouts) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  const replaysDiffering = [...byKey]
    .filter(([, answers]) => new Set(answers.map((a) => a.finalText)).size > 1)
    .map(([key]) => key);

  const bad5xx = seen
    .filter((s) => typeof s.status === 'number' && s.status >= 500)
    .filter((s) => s.status !== 503 || s.retryAfter === null)
    .map((s) => `${s.status} ${s.code ?? ''}${s.retryAfter === null ? ' (no Retry-After)' : ''}`);

  return [
    finding('units oversold', oversold),
    finding('stock not conserved (available + reserved + committed = initial)', notConserved),
    finding('orders paid without committed stock', paidWithoutStock),
    finding('stock committed without a paid order', stockWithoutOrder),
    finding('orders charged twice', doubleCharged),
    finding('charges kept without a paid order', chargedWithoutGoods),
    finding('accepted orders lost', lost),
    finding('orders left non-final', notFinal),
    finding('checkouts never answered', unanswered),
    finding('replays answered differently', replaysDiffering),
    finding('5xx other than 503 with Retry-After', bad5xx),
  ];
}
