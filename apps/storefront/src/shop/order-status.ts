import type { OrderStatus } from '@faultline/contracts';

/** How the order page presents a status. */
export interface StatusView {
  title: string;
  message: string;
  tone: 'success' | 'waiting' | 'problem';
}

/** Statuses the order can still leave by itself: the order page keeps asking while it is in one. */
const UNSETTLED: ReadonlySet<OrderStatus> = new Set([
  'pending',
  'payment_pending',
  'refund_pending',
]);

export const isSettled = (status: OrderStatus): boolean => !UNSETTLED.has(status);

const VIEWS: Record<OrderStatus, StatusView> = {
  paid: {
    title: 'Paid — thank you for your order',
    message: 'Your payment went through and your order is confirmed.',
    tone: 'success',
  },
  payment_pending: {
    title: 'Payment pending',
    message:
      'We have your order, but your payment is not confirmed yet: the card payment service is not answering. We keep trying and this page updates by itself. You will be charged at most once; there is no need to order again.',
    tone: 'waiting',
  },
  pending: {
    title: 'Placing your order',
    message: 'Your order is being placed. This page updates by itself.',
    tone: 'waiting',
  },
  declined: {
    title: 'Payment declined',
    message: 'Your bank declined the payment. Nothing was charged and the order was not placed.',
    tone: 'problem',
  },
  rejected: {
    title: 'Out of stock',
    message: 'Some items were out of stock, so the order was not placed. Nothing was charged.',
    tone: 'problem',
  },
  failed: {
    title: 'Order not completed',
    message:
      'We could not complete the payment for this order, so it was cancelled. Anything charged has been refunded.',
    tone: 'problem',
  },
  refund_pending: {
    title: 'Refund on its way',
    message:
      'Your items sold out while the payment went through. We are refunding the charge; this page updates by itself.',
    tone: 'problem',
  },
};

export const statusView = (status: OrderStatus): StatusView => VIEWS[status];

/**
 * How long the order page waits before asking again: soon at first, then less often, so a pending
 * order that settles in a second is seen at once and one that takes minutes costs little.
 */
export function pollDelayMs(attempt: number): number {
  return Math.min(1000 * 1.5 ** attempt, 4000);
}
