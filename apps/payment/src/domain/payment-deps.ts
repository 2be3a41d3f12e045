import type { ChargePaymentDeps } from './charge-payment';
import type { RefundPaymentDeps } from './refund-payment';

/** What the payment use cases and routes work with, injected by the composition root. */
export interface PaymentDeps extends ChargePaymentDeps, RefundPaymentDeps {
  /** Decides whether a card has expired; the wall clock unless a test fixes it. */
  clock: () => Date;
}
