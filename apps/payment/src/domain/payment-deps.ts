import type { ChargePaymentDeps } from './charge-payment';
import type { SeedData } from './ports';
import type { RefundPaymentDeps } from './refund-payment';
import type { ResetGate } from '@faultline/service';

/** What the payment use cases and routes work with, injected by the composition root. */
export interface PaymentDeps extends ChargePaymentDeps, RefundPaymentDeps {
  /** Decides whether a card has expired; the wall clock unless a test fixes it. */
  clock: () => Date;
  /** Charges and refunds go through it, so a data reset never cuts one in two. */
  resetGate: ResetGate;
  /** The payments and the gateway's ledger as the migrations left them (POST /admin/reset). */
  seed: SeedData;
}
