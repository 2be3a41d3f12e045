import type { Money, OrderAnswer, OrderStatus } from '@faultline/contracts';

/**
 * Statuses and money are the wire contract's (libs/contracts): pending (being placed) → paid |
 * declined | rejected (out of stock) | payment_pending (the worker retries the charge) | failed;
 * refund_pending: charged, but the goods are gone — the worker gives the money back, then the order
 * fails.
 */
export type { Money, OrderStatus };

export interface OrderLine {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** An order as stored (without the card vault, which only the payment step reads). */
export interface Order {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  customerId: string;
  status: OrderStatus;
  items: OrderLine[];
  total: Money;
  reservationId: string | null;
  paymentId: string | null;
  declineCode: string | null;
  failureReason: string | null;
  paymentAttempts: number;
  /** Worker tries at settling the order after payment (stock commit or release, refund). */
  settleAttempts: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The stored first answer to a checkout, replayed for the same Idempotency-Key. */
export interface CheckoutAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** What GET /orders/:id and a successful checkout return. */
export function orderView(order: Order): OrderAnswer {
  return {
    id: order.id,
    status: order.status,
    customerId: order.customerId,
    items: order.items,
    total: order.total,
    ...(order.paymentId ? { paymentId: order.paymentId } : {}),
    ...(order.declineCode ? { declineCode: order.declineCode } : {}),
    ...(order.failureReason ? { failureReason: order.failureReason } : {}),
    createdAt: order.createdAt.toISOString(),
  };
}
