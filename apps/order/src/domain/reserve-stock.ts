import { outOfStockError, problemAnswer } from './answers';
import type { CheckoutDeps } from './checkout-deps';
import type { CheckoutAnswer, Order } from './order';

type ReserveOutcome =
  { reserved: true; order: Order } | { reserved: false; answer: CheckoutAnswer };

/**
 * Reserves the order's stock. Short or unknown stock rejects the order (409) and keeps that answer;
 * inventory being unreachable throws, and the caller decides (checkout: 503; worker: try later).
 */
export async function reserveStock(order: Order, deps: CheckoutDeps): Promise<ReserveOutcome> {
  const result = await deps.inventory.reserve({
    orderId: order.id,
    items: order.items.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    ttlSeconds: deps.reservationTtlSeconds,
  });
  if (result.outcome === 'reserved') {
    await deps.orders.update(order.id, {
      status: order.status,
      reservationId: result.reservationId,
    });
    return { reserved: true, order: { ...order, reservationId: result.reservationId } };
  }
  const available = result.outcome === 'insufficient_stock' ? result.available : 0;
  const answer = problemAnswer(outOfStockError(order, result.sku, available));
  await deps.orders.update(order.id, {
    status: 'rejected',
    failureReason: result.outcome,
    reservationSettled: true,
    eraseCard: true,
    answer,
  });
  return { reserved: false, answer };
}
