import type { CheckoutRequest } from '@faultline/contracts';

/**
 * What the shop answered one checkout, read against the public contract: an answer with its HTTP
 * status (a 5xx problem included), or none at all (timeout, refused or reset connection).
 */
export type CheckoutReply =
  | {
      kind: 'answer';
      httpStatus: number;
      /** The order's status, for a 201 or 202 that matches the order contract. */
      orderStatus?: string;
      orderId?: string;
      /** The problem+json code of a refusal (card_declined, insufficient_stock…). */
      problemCode?: string;
      /** Why the answer does not match its contract, when it does not. */
      contractError?: string;
    }
  | { kind: 'no_answer'; reason: string };

/** The shop's public checkout, POST /orders, as any customer uses it. */
export interface ShopCheckout {
  /** Places one order under `idempotencyKey`; a failed call is a `no_answer` reply, not a throw. */
  placeOrder(request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutReply>;
}
