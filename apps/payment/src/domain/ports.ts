import type { ResetReport } from '@faultline/contracts';
import type { CardDetails } from './card';
import type {
  CardBrand,
  DeclineCode,
  Money,
  Payment,
  PaymentAnswer,
  PaymentStatus,
} from './payment';

// The ports the payment domain needs; data/ and gateway/ implement them, compose.ts plugs them in.

/** A payment as first claimed: the card is known by brand and last four digits only. */
export interface NewPayment {
  idempotencyKey: string;
  requestHash: string;
  orderId: string;
  amount: Money;
  card: { brand: CardBrand; last4: string };
}

/**
 * The result of claiming an Idempotency-Key:
 * - `new`: first request with this key; this request now holds it;
 * - `taken_over`: the same request was tried before and failed at the gateway, or its holder
 *   stopped (a lock older than the stale limit); this request now holds it;
 * - `existing`: someone else holds it, it has a final outcome, or it belongs to another request.
 */
export type Claim =
  | { kind: 'new'; payment: Payment }
  | { kind: 'taken_over'; payment: Payment; previousStatus: PaymentStatus }
  | { kind: 'existing'; payment: Payment; answer: PaymentAnswer | null };

/** How a claimed payment ended, with the answer to give now and on every replay. */
export interface PaymentOutcome {
  status: Exclude<PaymentStatus, 'processing'>;
  declineCode: DeclineCode | null;
  gatewayReference: string | null;
  fraudScore: number | null;
  answer: PaymentAnswer;
}

/** Payments, one per Idempotency-Key, with the answer each was given. */
export interface PaymentRepository {
  /** Claims the key for this request (see Claim); a lock older than `staleAfterMs` is taken over. */
  claim(payment: NewPayment, staleAfterMs: number): Promise<Claim>;
  /** Records the outcome and the answer given, releasing the key; returns the answer as stored. */
  record(paymentId: string, outcome: PaymentOutcome): Promise<PaymentAnswer>;
  findById(id: string): Promise<Payment | undefined>;
  /**
   * Marks a captured payment refunded (once: refunding again keeps the first time). Undefined when
   * the payment is not captured or refunded.
   */
  markRefunded(id: string): Promise<Payment | undefined>;
}

/** A captured payment as reconciliation sees it: what is compared with the ledger and reported. */
export interface CapturedPayment {
  id: string;
  orderId: string;
  amount: Money;
  gatewayReference: string;
  capturedAt: Date;
}

/** Captured payments the gateway never booked, in one currency. */
export interface UnreconciledTotal {
  currency: string;
  count: number;
  /** Their amounts added up, in minor units. */
  amount: number;
}

/**
 * Reconciliation's record on the payments: each captured payment is checked once and marked booked
 * or unbooked. Marking is idempotent, so several instances reconciling at once report each
 * payment once.
 */
export interface ReconciliationRepository {
  /** Captured payments not checked yet, captured before `capturedBefore`, oldest first. */
  dueForReconciliation(capturedBefore: Date, limit: number): Promise<CapturedPayment[]>;
  /** Marks payments whose charge the gateway booked: they are never checked again. */
  markBooked(ids: readonly string[]): Promise<void>;
  /**
   * Marks captured payments whose charge the gateway never booked; returns the ids this call
   * marked (not those another run marked first, nor those refunded meanwhile).
   */
  markUnbooked(ids: readonly string[]): Promise<string[]>;
  /** Payments marked unbooked and still captured (a refund settles one), by currency. */
  unreconciledTotals(): Promise<UnreconciledTotal[]>;
}

/** The gateway's books, as its settlement report shows them. */
export interface GatewayLedger {
  /** Which of these references the gateway booked a charge for. */
  booked(references: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface ChargeRequest {
  /** The gateway charges a key at most once; retrying with the same key is always safe. */
  chargeKey: string;
  amount: Money;
  card: CardDetails;
}

/**
 * What the gateway answers when it answers at all. Its declines are the issuer's, or its own
 * fraud screen's (fraud_suspected) when a decline fault says so.
 */
export type GatewayAnswer =
  { status: 'approved'; reference: string } | { status: 'declined'; declineCode: DeclineCode };

/** What the gateway answers to a refund: money given back, or no such charge on its books. */
export type RefundAnswer = 'refunded' | 'charge_not_booked';

/** A card gateway: approves or declines a charge, or throws a GatewayError. */
export interface CardGateway {
  /** Shown as the `payment.gateway` span attribute. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<GatewayAnswer>;
  /** Gives a charge's money back; refunding twice is harmless. */
  refund(reference: string): Promise<RefundAnswer>;
}

/**
 * The gateway did not give an answer. Whether the card was charged is unknown: retry with the same
 * key.
 */
export class GatewayError extends Error {
  constructor(
    /** How the call failed, in the gateway's words (e.g. gateway_unavailable, gateway_timeout). */
    readonly code: string,
    message: string,
    options?: { cause?: unknown; httpStatus?: number },
  ) {
    super(message, options);
    this.name = 'GatewayError';
    this.httpStatus = options?.httpStatus;
  }

  /** The HTTP status the gateway answered with, when it answered at all. */
  readonly httpStatus: number | undefined;
}

export type { ResetReport, TableReset } from '@faultline/contracts';

/** The service's data as the migrations seeded it. */
export interface SeedData {
  /** Puts every table back to its seed in one transaction. */
  restore(): Promise<ResetReport>;
}
