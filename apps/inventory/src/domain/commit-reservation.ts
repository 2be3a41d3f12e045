import { AppError, annotateActiveSpan } from '@faultline/instrumented';
import { reservationNotFound } from './reservation';
import type { Reservation } from './reservation';
import type { ReservationDeps } from './reservation-deps';
import { takeEveryItem } from './take-stock';

type CommitOutcome = 'committed' | 'recommitted' | 'already_committed';

/**
 * Makes a reservation final: the order is paid, so its units are taken for good. Committing twice
 * is harmless. A pending one is committed even past its expiry (its units are still held). One
 * whose stock already went back (released, or expired while the payment was pending) takes its
 * units again if every item is still available — otherwise 409 insufficient_stock and nothing
 * changes: the order must give the money back, never take a unit someone else bought.
 */
export async function commitReservation(
  { transactions, outcomes }: ReservationDeps,
  id: string,
): Promise<Reservation> {
  annotateActiveSpan({ 'reservation.id': id });
  const { reservation, outcome } = await transactions
    .run(async ({ reservations, stock }) => {
      const locked = await reservations.lockById(id);
      if (!locked) throw reservationNotFound(id);
      const current = locked.reservation;
      annotateActiveSpan({ 'order.id': current.orderId });
      if (current.status === 'committed') {
        return { reservation: current, outcome: 'already_committed' as CommitOutcome };
      }
      if (current.status !== 'pending') {
        annotateActiveSpan({ 'reservation.previous_status': current.status });
        await takeEveryItem(stock, current.items);
      }
      await reservations.setStatus([id], 'committed');
      return {
        reservation: { ...current, status: 'committed' as const },
        outcome: (current.status === 'pending' ? 'committed' : 'recommitted') as CommitOutcome,
      };
    })
    .catch((error: unknown) => {
      if (error instanceof AppError) annotateActiveSpan({ 'reservation.outcome': error.code });
      throw error;
    });
  annotateActiveSpan({ 'reservation.outcome': outcome });
  if (outcome !== 'already_committed') outcomes.count(outcome);
  return reservation;
}
