import { checkoutRequestSchema, idempotencyHeaderSchema } from '@faultline/contracts';
import { AppError, parseOrThrow, sendStoredAnswer } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import type { CheckoutDeps } from '../domain/checkout-deps';
import { orderView } from '../domain/order';
import { placeOrder } from '../domain/place-order';

const idParams = z.object({ id: z.uuid('must be a UUID') });

/** The Idempotency-Key header, checked before the body (a request without one is refused alone). */
function idempotencyKeyOf(header: string | undefined): string {
  return parseOrThrow(idempotencyHeaderSchema, { 'Idempotency-Key': header }, 'header')[
    'Idempotency-Key'
  ];
}

/**
 * POST /orders      checkout (Idempotency-Key required): 201 paid, 202 payment_pending, 402 declined,
 *                   409 out of stock, 422 unknown product; the same key replays the first answer
 * GET /orders/:id   the order with its current status
 */
export function orderRoutes(kit: RouteKit, deps: CheckoutDeps): Router {
  const router = Router();
  const body = checkoutRequestSchema(deps.clock);
  router.post('/orders', kit.json, async (req, res) => {
    const idempotencyKey = idempotencyKeyOf(req.get('idempotency-key'));
    const input = parseOrThrow(body, req.body, 'body');
    const answer = await deps.resetGate.pass(() => placeOrder({ idempotencyKey, ...input }, deps));
    sendStoredAnswer(res, answer);
  });
  router.get('/orders/:id', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const record = await deps.orders.findById(id);
    if (!record) throw new AppError('order_not_found', 404, `Order ${id} does not exist.`);
    res.json(orderView(record.order));
  });
  return router;
}
