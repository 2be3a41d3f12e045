import { AppError, annotateActiveSpan } from '@faultline/instrumented';
import { endReservations } from './end-reservations';
import { reservationNotFound } from './reservation';
import type { Reservation } from './reservation';
import type { ReservationDeps } from './reservation-deps';

/**
 * Gives a pending reservation's units back (the order was declined or abandoned). Releasing one that
 * is already released or expired changes nothing; a committed one cannot be released.
 */
export async function releaseReservation(
  { transactions, outcomes }: ReservationDeps,
  id: string,
): Promise<Reservation> {
  annotateActiveSpan({ 'reservation.id': id });
  const { reservation, released } = await transactions.run(async (repositories) => {
    const locked = await repositories.reservations.lockById(id);
    if (!locked) throw reservationNotFound(id);
    const current = locked.reservation;
    annotateActiveSpan({ 'order.id': current.orderId });
    if (current.status === 'committed') {
      annotateActiveSpan({ 'reservation.outcome': 'reservation_committed' });
      throw new AppError(
        'reservation_committed',
        409,
        `Reservation ${id} is committed; its stock cannot be released.`,
        { extensions: { reservation_status: current.status } },
      );
    }
    if (current.status !== 'pending') return { reservation: current, released: false };
    await endReservations(repositories, [current], 'released');
    return { reservation: { ...current, status: 'released' as const }, released: true };
  });
  annotateActiveSpan({
    'reservation.outcome': released ? 'released' : `already_${reservation.status}`,
  });
  if (released) outcomes.count('released');
  return reservation;
}
