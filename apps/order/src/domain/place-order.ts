import {
  AppError,
  annotateActiveSpan,
  decideReplay,
  requestInProgress,
  withSpan,
} from '@faultline/instrumented';
import type { ReplayProblems } from '@faultline/instrumented';
import type { Card } from './card';
import { chargeOrder } from './charge-order';
import type { CheckoutDeps } from './checkout-deps';
import { orderIdFor, requestHash } from './ids';
import type { CheckoutAnswer } from './order';
import { trafficOf } from './order-metrics';
import type { OrderRecord } from './ports';
import { priceCart } from './price-cart';
import type { CartItem } from './price-cart';
import { reserveStock } from './reserve-stock';

export interface CheckoutRequest {
  idempotencyKey: string;
  customerId: string;
  items: CartItem[];
  payment: Card;
}

/** Order's wording of the idempotency refusals (problem codes are part of its API). */
const REPLAY_PROBLEMS: ReplayProblems = {
  keyReused: 'This Idempotency-Key was used for a different order.',
  inProgress: {
    code: 'request_in_progress',
    detail: 'An order with this Idempotency-Key is still being placed.',
  },
};

/** The same key answers with the first answer; a different request under it is refused. */
function replay(earlier: OrderRecord, hash: string): CheckoutAnswer {
  const answer = decideReplay(
    { requestHash: earlier.order.requestHash, answer: earlier.answer },
    hash,
    REPLAY_PROBLEMS,
  );
  annotateActiveSpan({ 'order.id': earlier.order.id, 'checkout.replayed': true });
  return answer;
}

/**
 * Checkout, as a story: price the cart, record the order, reserve the stock, charge the card.
 * Every step's failure leaves the order in a definite state, and the same Idempotency-Key never
 * creates a second order or a second charge.
 */
export async function placeOrder(
  request: CheckoutRequest,
  deps: CheckoutDeps,
): Promise<CheckoutAnswer> {
  const hash = requestHash({
    customerId: request.customerId,
    items: request.items,
    card: { last4: request.payment.cardNumber.slice(-4), expiry: request.payment.expiry },
  });
  const earlier = await deps.orders.findByIdempotencyKey(request.idempotencyKey);
  if (earlier) return replay(earlier, hash);

  const { lines, total } = await priceCart(request.items, deps.catalog);
  const orderId = orderIdFor(request.idempotencyKey);
  return withSpan(
    'checkout',
    { 'order.id': orderId, 'order.total_minor_units': total.amount },
    async () => {
      const order = await deps.orders.insert({
        id: orderId,
        idempotencyKey: request.idempotencyKey,
        requestHash: hash,
        customerId: request.customerId,
        items: lines,
        total,
        sealedCard: deps.vault.seal(request.payment),
      });
      if (!order) {
        const winner = await deps.orders.findByIdempotencyKey(request.idempotencyKey);
        // The request that inserted it has just given up (stock could not be reserved) and
        // forgotten the order: this one is told to try again, like any request arriving mid-way.
        if (!winner) throw requestInProgress(REPLAY_PROBLEMS);
        return replay(winner, hash);
      }

      let reservation;
      try {
        reservation = await reserveStock(order, deps);
      } catch (error) {
        // Nothing was accepted: forget the order so the client's retry (same key, same order id) starts afresh.
        await deps.orders.remove(order.id);
        throw new AppError(
          'inventory_unavailable',
          503,
          'Stock cannot be reserved right now; try again shortly.',
          {
            cause: error,
          },
        );
      }
      const traffic = trafficOf(request.customerId);
      if (!reservation.reserved) {
        deps.metrics.checkouts.inc({ outcome: 'out_of_stock', traffic });
        return reservation.answer;
      }

      const charged = await chargeOrder(reservation.order, request.payment, 0, deps);
      deps.metrics.checkouts.inc({
        outcome: charged.outcome === 'retry' ? 'payment_pending' : charged.outcome,
        traffic,
      });
      return charged.answer;
    },
  );
}
