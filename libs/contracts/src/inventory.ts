import { z } from 'zod';
import { required } from './field-error';
import { orderIdSchema, skuSchema } from './identifiers';
import { problemSchema } from './problem';

/** The most units one reservation line may hold. */
export const MAX_RESERVATION_QUANTITY = 100;
/** The most lines one reservation may hold. */
export const MAX_RESERVATION_ITEMS = 50;
/** The longest a reservation may be held before it lapses: one day. */
export const MAX_RESERVATION_TTL_SECONDS = 86_400;
/** The most a SKU can be stocked with: well inside a Postgres integer, even with every unit returned. */
export const MAX_STOCK = 1_000_000_000;

const reservationItemSchema = z.object(
  {
    sku: skuSchema,
    quantity: z
      .number({ error: required('must be a number') })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_RESERVATION_QUANTITY, `must be at most ${MAX_RESERVATION_QUANTITY}`),
  },
  { error: 'must be an object with sku and quantity' },
);

/** `POST /reservations`: reserve every item for the order, or none; each SKU once. */
export const reservationRequestSchema = z.object(
  {
    orderId: orderIdSchema,
    items: z
      .array(reservationItemSchema, { error: required('must be an array of items') })
      .min(1, 'give at least one item')
      .max(MAX_RESERVATION_ITEMS, `give at most ${MAX_RESERVATION_ITEMS} items`)
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach(({ sku }, index) => {
          if (seen.has(sku)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'sku'],
              message: 'appears more than once; give each SKU once',
            });
          }
          seen.add(sku);
        });
      }),
    ttlSeconds: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1')
      .max(MAX_RESERVATION_TTL_SECONDS, `must be at most ${MAX_RESERVATION_TTL_SECONDS}`)
      .default(900),
  },
  { error: 'must be a JSON object' },
);

/** Where a reservation is in its life: pending until committed, released or expired. */
export const RESERVATION_STATUSES = ['pending', 'committed', 'released', 'expired'] as const;

/** A reservation as inventory answers it (reserve, look up, commit, release); items in SKU order. */
export const reservationSchema = z.object({
  id: z.uuid('must be a UUID'),
  orderId: orderIdSchema,
  status: z.enum(RESERVATION_STATUSES),
  expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }),
  items: z.array(z.object({ sku: skuSchema, quantity: z.number().int().positive() })),
});

/** `POST /reservations/:id/commit` → 200: the reservation, committed. */
export const commitAnswerSchema = reservationSchema.extend({ status: z.literal('committed') });

/** `POST /reservations/:id/release` → 200: its stock is back (released, or it had expired). */
export const releaseAnswerSchema = reservationSchema.extend({
  status: z.enum(['released', 'expired']),
});

/** 409 from reserve or commit: a SKU has fewer units than asked for. */
export const insufficientStockProblemSchema = problemSchema.extend({
  code: z.literal('insufficient_stock'),
  sku: z.string(),
  available: z.number().int().min(0),
});

/** 422 from reserve: a SKU inventory does not stock. */
export const unknownSkuProblemSchema = problemSchema.extend({
  code: z.literal('unknown_sku'),
  sku: z.string(),
});

/** How many units of a SKU can still be reserved: `GET /stock/:sku`. */
export const stockLevelSchema = z.object({
  sku: skuSchema,
  available: z.number().int().min(0),
});

/** `GET /stock`: `{ items: [stock level…] }`. */
export const stockListSchema = z.object({ items: z.array(stockLevelSchema) });

/** `PUT /stock/:sku`: set the SKU's available units (restocking). */
export const setStockRequestSchema = z.object(
  {
    available: z
      .number({ error: required('must be a number') })
      .int('must be a whole number')
      .min(0, 'must be zero or more')
      .max(MAX_STOCK, `must be at most ${MAX_STOCK}`),
  },
  { error: 'must be a JSON object' },
);

/** A reservation request as sent (ttlSeconds may be left to its default). */
export type ReservationRequest = z.input<typeof reservationRequestSchema>;
/** A reservation request as parsed. */
export type ParsedReservationRequest = z.infer<typeof reservationRequestSchema>;
/** A reservation as answered. */
export type ReservationAnswer = z.infer<typeof reservationSchema>;
/** A SKU's stock level. */
export type StockLevel = z.infer<typeof stockLevelSchema>;
