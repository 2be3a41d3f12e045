import { AppError, problemBody } from '@faultline/instrumented';
import type { CheckoutAnswer, Order } from './order';
import { orderView } from './order';

/** A problem+json answer to keep with the order, so a replay returns exactly this. */
export const problemAnswer = (error: AppError): CheckoutAnswer => ({
  status: error.status,
  body: problemBody(error, '/orders'),
});

export const paidAnswer = (order: Order): CheckoutAnswer => ({
  status: 201,
  body: orderView(order),
});
export const pendingAnswer = (order: Order): CheckoutAnswer => ({
  status: 202,
  body: orderView(order),
});

export const declinedError = (order: Order, declineCode: string): AppError =>
  new AppError('payment_declined', 402, `The payment was declined: ${declineCode}.`, {
    extensions: { decline_code: declineCode, order_id: order.id },
  });

export const outOfStockError = (order: Order, sku: string, available: number): AppError =>
  new AppError('insufficient_stock', 409, `Not enough stock of ${sku} (available: ${available}).`, {
    extensions: { sku, available, order_id: order.id },
  });

export const stockGoneError = (order: Order, reason: string): AppError =>
  new AppError(
    'stock_unavailable',
    409,
    'The items were sold before the payment went through; the charge is being refunded.',
    { extensions: { reason, order_id: order.id } },
  );

export const paymentFailedError = (order: Order, reason: string): AppError =>
  new AppError('payment_failed', 502, `The order could not be paid: ${reason}.`, {
    extensions: { reason, order_id: order.id },
  });
