import { AppError, annotateActiveSpan } from '@faultline/instrumented';
import { withTransaction } from '@faultline/postgres';
import { reservationRepository } from '../data/reservation-repository';
import { endReservations } from './end-reservations';
import { reservationNotFound } from './reservation';
import type { Reservation } from './reservation';
import type { ReservationDeps } from './reservation-deps';

/**
 * Makes a pending reservation final (the order is paid): its units stay taken for good.
 * Committing twice is harmless. A reservation that was released or has expired cannot be
 * committed; one still pending past its expiry is expired on the spot, its stock given back.
 */
export async function commitReservation(
  { pool, outcomes }: ReservationDeps,
  id: string,
): Promise<Reservation> {
  annotateActiveSpan({ 'reservation.id': id });
  const { reservation, outcome } = await withTransaction(pool, async (client) => {
    const reservations = reservationRepository(client);
    const locked = await reservations.lockById(id);
    if (!locked) throw reservationNotFound(id);
    const current = locked.reservation;
    annotateActiveSpan({ 'order.id': current.orderId });
    if (current.status === 'pending' && locked.lapsed) {
      await endReservations(client, [current], 'expired');
      return { reservation: { ...current, status: 'expired' as const }, outcome: 'expired' };
    }
    if (current.status === 'committed')
      return { reservation: current, outcome: 'already_committed' };
    if (current.status !== 'pending') return { reservation: current, outcome: 'not_pending' };
    await reservations.setStatus([id], 'committed');
    return { reservation: { ...current, status: 'committed' as const }, outcome: 'committed' };
  });
  annotateActiveSpan({ 'reservation.outcome': outcome });
  if (outcome === 'committed' || outcome === 'expired') outcomes.count(outcome);
  if (reservation.status !== 'committed') {
    throw new AppError(
      'reservation_not_pending',
      409,
      `Reservation ${id} is ${reservation.status} and can no longer be committed.`,
      { extensions: { status: reservation.status } },
    );
  }
  return reservation;
}
