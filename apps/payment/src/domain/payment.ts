import type {
  CardBrand,
  DeclineCode,
  Money,
  PaymentStatus,
  PaymentView,
} from '@faultline/contracts';

// Statuses, decline codes, card brands and money are part of the wire contract (libs/contracts).
export { CARD_BRANDS, DECLINE_CODES } from '@faultline/contracts';
export type { CardBrand, DeclineCode, Money, PaymentStatus };

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

/** A payment as the API shows it. */
export function paymentView(payment: Payment): PaymentView {
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
