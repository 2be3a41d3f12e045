import { z } from 'zod';
import { checkoutCardSchema } from './card';
import { productIdSchema, skuSchema } from './identifiers';
import { moneySchema } from './money';

/** The most units of one product a checkout may ask for. */
export const MAX_CHECKOUT_QUANTITY = 100;
/** The most lines one checkout may hold. */
export const MAX_CHECKOUT_ITEMS = 50;

/**
 * The public checkout body, `POST /orders` (with an Idempotency-Key header):
 * `{ customerId, items: [{ productId, quantity }], payment: { cardNumber, expiry, cvv } }`.
 */
export const checkoutRequestSchema = (now: () => Date) =>
  z.object({
    customerId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    items: z
      .array(
        z.object({
          productId: productIdSchema,
          quantity: z
            .number()
            .int('must be a whole number')
            .min(1, 'must be at least 1')
            .max(MAX_CHECKOUT_QUANTITY, `must be at most ${MAX_CHECKOUT_QUANTITY}`),
        }),
      )
      .min(1, 'must contain at least one item')
      .max(MAX_CHECKOUT_ITEMS, `must contain at most ${MAX_CHECKOUT_ITEMS} items`)
      .refine(
        (items) => new Set(items.map((item) => item.productId)).size === items.length,
        'lists a product more than once',
      ),
    payment: checkoutCardSchema(now),
  });

/**
 * pending (being placed) → paid | declined | rejected (out of stock) | payment_pending (retried in
 * the background) | failed; refund_pending: charged, but the goods are gone.
 */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'declined',
  'rejected',
  'payment_pending',
  'failed',
  'refund_pending',
] as const;

/** One line of an order, priced when it was placed. */
export const orderLineSchema = z.object({
  productId: productIdSchema,
  sku: skuSchema,
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
});

/** An order as `GET /orders/:id` answers it, and a checkout's 201 (paid) or 202 (payment_pending). */
export const orderAnswerSchema = z.object({
  id: z.uuid('must be a UUID'),
  status: z.enum(ORDER_STATUSES),
  customerId: z.string(),
  items: z.array(orderLineSchema),
  total: moneySchema,
  paymentId: z.string().optional(),
  declineCode: z.string().optional(),
  failureReason: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
});

/** A checkout body as sent. */
export type CheckoutRequest = z.input<ReturnType<typeof checkoutRequestSchema>>;
/** A checkout body as parsed (card number as digits). */
export type ParsedCheckoutRequest = z.infer<ReturnType<typeof checkoutRequestSchema>>;
/** Where an order is. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** An order line. */
export type OrderLine = z.infer<typeof orderLineSchema>;
/** An order as answered. */
export type OrderAnswer = z.infer<typeof orderAnswerSchema>;
