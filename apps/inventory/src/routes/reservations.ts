import { orderIdSchema, reservationRequestSchema } from '@faultline/contracts';
import type { ReservationAnswer } from '@faultline/contracts';
import { parseOrThrow } from '@faultline/instrumented';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { commitReservation } from '../domain/commit-reservation';
import type { ReservationRepository } from '../domain/ports';
import { releaseReservation } from '../domain/release-reservation';
import { reservationNotFound } from '../domain/reservation';
import type { ReservationDeps } from '../domain/reservation-deps';
import { reserveStock } from '../domain/reserve-stock';

const byOrderQuery = z.object({ orderId: orderIdSchema });

const idParams = z.object({ id: z.uuid('must be a UUID') });

/**
 * POST /reservations               reserve every item or none; 201, or 200 replaying the order's reservation
 * GET  /reservations?orderId=…     { items: [the order's reservation] } (empty when it has none)
 * GET  /reservations/:id           one reservation, or 404
 * POST /reservations/:id/commit    make it final (the order is paid)
 * POST /reservations/:id/release   give its stock back (the order failed)
 */
export function reservationRoutes(
  deps: ReservationDeps,
  reservations: ReservationRepository,
  json: RequestHandler,
): Router {
  const router = Router();
  router.post('/reservations', json, async (req, res) => {
    const request = parseOrThrow(reservationRequestSchema, req.body, 'body');
    const { reservation, replayed } = await reserveStock(deps, request);
    if (!replayed) res.location(`/reservations/${reservation.id}`);
    const answer: ReservationAnswer = reservation;
    res.status(replayed ? 200 : 201).json(answer);
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
