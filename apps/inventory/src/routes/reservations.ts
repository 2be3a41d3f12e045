import { parseOrThrow } from '@faultline/instrumented';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { reservationRepository } from '../data/reservation-repository';
import { commitReservation } from '../domain/commit-reservation';
import { releaseReservation } from '../domain/release-reservation';
import { ORDER_ID, SKU, reservationNotFound } from '../domain/reservation';
import type { ReservationDeps } from '../domain/reservation-deps';
import { reserveStock } from '../domain/reserve-stock';
import { required } from './required';

const MAX_ITEMS = 50;
const MAX_QUANTITY = 100;
const MAX_TTL_SECONDS = 86_400;

const orderId = z
  .string({ error: required('must be a string') })
  .regex(ORDER_ID, 'must be 1 to 64 letters, digits, _ or -');

const item = z.object(
  {
    sku: z.string({ error: required('must be a string') }).regex(SKU, 'must look like FL-TENT-2P'),
    quantity: z
      .number({ error: required('must be a number') })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
  },
  { error: 'must be an object with sku and quantity' },
);

const reserveBody = z.object(
  {
    orderId,
    items: z
      .array(item, { error: required('must be an array of items') })
      .min(1, 'give at least one item')
      .max(MAX_ITEMS, `give at most ${MAX_ITEMS} items`)
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
      .max(MAX_TTL_SECONDS, `must be at most ${MAX_TTL_SECONDS}`)
      .default(900),
  },
  { error: 'must be a JSON object' },
);

const byOrderQuery = z.object({ orderId });

const idParams = z.object({ id: z.uuid('must be a UUID') });

/**
 * POST /reservations               reserve every item or none; 201, or 200 replaying the order's reservation
 * GET  /reservations?orderId=…     { items: [the order's reservation] } (empty when it has none)
 * GET  /reservations/:id           one reservation, or 404
 * POST /reservations/:id/commit    make it final (the order is paid)
 * POST /reservations/:id/release   give its stock back (the order failed)
 */
export function reservationRoutes(deps: ReservationDeps, json: RequestHandler): Router {
  const reservations = reservationRepository(deps.pool);
  const router = Router();
  router.post('/reservations', json, async (req, res) => {
    const request = parseOrThrow(reserveBody, req.body, 'body');
    const { reservation, replayed } = await reserveStock(deps, request);
    if (!replayed) res.location(`/reservations/${reservation.id}`);
    res.status(replayed ? 200 : 201).json(reservation);
  });
  router.get('/reservations', async (req, res) => {
    const query = parseOrThrow(byOrderQuery, req.query, 'query');
    const reservation = await reservations.findByOrderId(query.orderId);
    res.json({ items: reservation ? [reservation] : [] });
  });
  router.get('/reservations/:id', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const reservation = await reservations.findById(id);
    if (!reservation) throw reservationNotFound(id);
    res.json(reservation);
  });
  router.post('/reservations/:id/commit', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    res.json(await commitReservation(deps, id));
  });
  router.post('/reservations/:id/release', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    res.json(await releaseReservation(deps, id));
  });
  return router;
}
