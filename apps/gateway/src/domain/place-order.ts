import type { ParsedCheckoutRequest } from '@faultline/contracts';
import { AppError, isServiceCallError } from '@faultline/instrumented';
import type { Orders, PassedAnswer } from './ports';

/**
 * Places a checkout with order, under the customer's Idempotency-Key, and gives back order's
 * answer as it is. A timeout is not a refusal: the order may have been placed, and only a retry
 * under the same key can tell, so the customer is told exactly that.
 */
export async function placeOrder(
  orders: Orders,
  idempotencyKey: string,
  checkout: ParsedCheckoutRequest,
): Promise<PassedAnswer> {
  try {
    return await orders.place(idempotencyKey, checkout);
  } catch (error) {
    if (isServiceCallError(error) && error.kind === 'timeout') {
      throw new AppError(
        'checkout_timeout',
        504,
        'The order service did not answer in time; the order may or may not have been placed. Retry with the same Idempotency-Key to find out.',
        { cause: error, extensions: { dependency: 'order' } },
      );
    }
    throw error;
  }
}
