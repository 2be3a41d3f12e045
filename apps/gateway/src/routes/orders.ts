import { checkoutRequestSchema, idempotencyHeaderSchema } from '@faultline/contracts';
import { parseOrThrow } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import { placeOrder } from '../domain/place-order';
import type { Orders } from '../domain/ports';
import { jsonOnly } from '../guards/json-only';
import { sendPassedAnswer } from './passed-answer';
import { PUBLIC_API } from './public-api';

const idParams = z.object({ id: z.uuid('must be a UUID') });

/**
 * POST /api/v1/orders       checkout: JSON only (415), Idempotency-Key required and the body
 *                           checked with the contract order itself uses (400 naming the field)
 *                           before order hears of it; then order's answer as order gave it
 *                           (201, 202, 402, 409, 422, 503…)
 * GET  /api/v1/orders/:id   order's answer as order gave it
 */
export function orderRoutes(kit: RouteKit, orders: Orders, clock: () => Date): Router {
  const router = Router();
  const checkout = checkoutRequestSchema(clock);
  router.post(`${PUBLIC_API}/orders`, jsonOnly, kit.json, async (req, res) => {
    const { 'Idempotency-Key': idempotencyKey } = parseOrThrow(
      idempotencyHeaderSchema,
      { 'Idempotency-Key': req.get('idempotency-key') },
      'header',
    );
    const body = parseOrThrow(checkout, req.body, 'body');
    sendPassedAnswer(req, res, await placeOrder(orders, idempotencyKey, body));
  });
  router.get(`${PUBLIC_API}/orders/:id`, async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    sendPassedAnswer(req, res, await orders.find(id));
  });
  return router;
}
