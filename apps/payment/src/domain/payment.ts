/**
 * Where a payment is: held by a request, or its outcome. Captured and declined are final for the
 * charge; a captured payment may later be refunded (its order could not get the goods).
 */
export type PaymentStatus = 'processing' | 'captured' | 'declined' | 'failed' | 'refunded';

/** Why a payment was declined: by the card's issuer, or by our fraud check. */
export type DeclineCode =
  'card_declined' | 'insufficient_funds' | 'stolen_card' | 'fraud_suspected';

export const DECLINE_CODES: readonly DeclineCode[] = [
  'card_declined',
  'insufficient_funds',
  'stolen_card',
  'fraud_suspected',
];

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'other';

/** An amount in minor units (cents) of its currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** A payment as stored: the card is known by brand and last four digits only. */
export interface Payment {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  orderId: string;
  amount: Money;
  card: { brand: CardBrand; last4: string };
  status: PaymentStatus;
  declineCode: DeclineCode | null;
  gatewayReference: string | null;
  fraudScore: number | null;
  createdAt: Date;
  refundedAt: Date | null;
}

/** The answer recorded for a payment, given again byte for byte when its key is replayed. */
export interface PaymentAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Payment ids are UUIDs. */
export const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a client may send as Idempotency-Key. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9:_-]{1,128}$/;

/** A payment as the API shows it. */
export function paymentView(payment: Payment): Record<string, unknown> {
  return {
    id: payment.id,
    orderId: payment.orderId,
    status: payment.status,
    amount: { amount: payment.amount.amount, currency: payment.amount.currency },
    card: { brand: payment.card.brand, last4: payment.card.last4 },
    gatewayReference: payment.gatewayReference,
    ...(payment.declineCode === null ? {} : { declineCode: payment.declineCode }),
    createdAt: payment.createdAt.toISOString(),
    ...(payment.refundedAt === null ? {} : { refundedAt: payment.refundedAt.toISOString() }),
  };
}
