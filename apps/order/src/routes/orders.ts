import { AppError, parseOrThrow, sendStoredAnswer } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import type { OrderRepository } from '../data/order-repository';
import { cardSchema } from '../domain/card';
import type { CheckoutDeps } from '../domain/checkout-deps';
import { orderView } from '../domain/order';
import { placeOrder } from '../domain/place-order';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9:_-]{1,128}$/;

const checkoutBody = (now: () => Date) =>
  z.object({
    customerId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    items: z
      .array(
        z.object({
          productId: z.string().regex(/^prd_[a-z0-9]{1,32}$/, 'must look like prd_01'),
          quantity: z
            .number()
            .int('must be a whole number')
            .min(1, 'must be at least 1')
            .max(100, 'must be at most 100'),
        }),
      )
      .min(1, 'must contain at least one item')
      .max(50, 'must contain at most 50 items')
      .refine(
        (items) => new Set(items.map((item) => item.productId)).size === items.length,
        'lists a product more than once',
      ),
    payment: cardSchema(now),
  });

const idParams = z.object({ id: z.uuid('must be a UUID') });

function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw AppError.validation([{ name: 'header.Idempotency-Key', reason: 'is required' }]);
  }
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw AppError.validation([
      { name: 'header.Idempotency-Key', reason: 'must be 1 to 128 of A-Z a-z 0-9 : _ -' },
    ]);
  }
  return header;
}

/**
 * POST /orders      checkout (Idempotency-Key required): 201 paid, 202 payment_pending, 402 declined,
 *                   409 out of stock, 422 unknown product; the same key replays the first answer
 * GET /orders/:id   the order with its current status
 */
export function orderRoutes(kit: RouteKit, deps: CheckoutDeps, orders: OrderRepository): Router {
  const router = Router();
  const body = checkoutBody(deps.clock);
  router.post('/orders', kit.json, async (req, res) => {
    const idempotencyKey = idempotencyKeyOf(req.get('idempotency-key'));
    const input = parseOrThrow(body, req.body, 'body');
    sendStoredAnswer(res, await placeOrder({ idempotencyKey, ...input }, deps));
  });
  router.get('/orders/:id', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const record = await orders.findById(id);
    if (!record) throw new AppError('order_not_found', 404, `Order ${id} does not exist.`);
    res.json(orderView(record.order));
  });
  return router;
}
