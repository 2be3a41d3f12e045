import { z } from 'zod';
import { chargeCardSchema } from './card';
import { chargeAmountSchema, moneySchema } from './money';
import { problemSchema } from './problem';

/** Why a payment was declined: by the card's issuer, or by payment's fraud check. */
export const DECLINE_CODES = [
  'card_declined',
  'insufficient_funds',
  'stolen_card',
  'fraud_suspected',
] as const;

/** Where a payment is: held by a request, or its outcome. */
export const PAYMENT_STATUSES = [
  'processing',
  'captured',
  'declined',
  'failed',
  'refunded',
] as const;

/** The card networks payment names. */
export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'other'] as const;

/**
 * `POST /payments` body (with an Idempotency-Key header): the order, the amount and the card as
 * `{ number, expiry, cvv }`. Parses the card number to its digits.
 */
export const chargeRequestSchema = (now: () => Date) =>
  z.object({
    orderId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    amount: chargeAmountSchema,
    card: chargeCardSchema(now),
  });

/** A payment as payment answers it: the card by brand and last four digits only. */
export const paymentAnswerSchema = z.object({
  id: z.uuid('must be a UUID'),
  orderId: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amount: moneySchema,
  card: z.object({ brand: z.enum(CARD_BRANDS), last4: z.string().regex(/^\d{4}$/) }),
  gatewayReference: z.string().nullable(),
  declineCode: z.enum(DECLINE_CODES).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  refundedAt: z.iso.datetime({ offset: true }).optional(),
});

/** `POST /payments` → 201: the card was charged. */
export const capturedPaymentSchema = paymentAnswerSchema.extend({
  status: z.literal('captured'),
  gatewayReference: z.string(),
});

/** `POST /payments/:id/refund` → 200: the money went back. */
export const refundedPaymentSchema = paymentAnswerSchema.extend({
  status: z.literal('refunded'),
  refundedAt: z.iso.datetime({ offset: true }),
});

/** `POST /payments` → 402 problem: the card was declined, with the decline code. */
export const paymentDeclinedProblemSchema = problemSchema.extend({
  code: z.literal('payment_declined'),
  decline_code: z.enum(DECLINE_CODES),
  payment_id: z.uuid(),
});

/** `POST /payments` → 409 problem: another request holds this Idempotency-Key; ask again later. */
export const paymentInProgressProblemSchema = problemSchema.extend({
  code: z.literal('payment_in_progress'),
});

/** A charge request as sent (card number as typed). */
export type ChargeRequest = z.input<ReturnType<typeof chargeRequestSchema>>;
/** A charge request as parsed (card number as digits). */
export type ParsedChargeRequest = z.infer<ReturnType<typeof chargeRequestSchema>>;
/** Why a payment was declined. */
export type DeclineCode = (typeof DECLINE_CODES)[number];
/** Where a payment is. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** A card network. */
export type CardBrand = (typeof CARD_BRANDS)[number];
/** A payment as answered. */
export type PaymentView = z.infer<typeof paymentAnswerSchema>;
