import { withSpan } from '@faultline/instrumented';
import { withTransaction } from '@faultline/postgres';
import { reservationRepository } from '../data/reservation-repository';
import { endReservations } from './end-reservations';
import type { ReservationDeps } from './reservation-deps';

/** How many lapsed reservations one sweep expires at most; the next sweep takes the rest. */
export const SWEEP_BATCH_SIZE = 500;

/**
 * One sweep: pending reservations past their expiry become expired and their units go back to
 * stock, in one transaction. Rows another transaction holds (a commit or release in flight) are
 * skipped, not waited for. Returns how many were expired.
 */
export function expireLapsedReservations(
  { pool, outcomes }: ReservationDeps,
  batchSize = SWEEP_BATCH_SIZE,
): Promise<number> {
  return withSpan('inventory.reservations.expire', {}, async (span) => {
    const expired = await withTransaction(pool, async (client) => {
      const lapsed = await reservationRepository(client).lockLapsed(batchSize);
      if (lapsed.length > 0) await endReservations(client, lapsed, 'expired');
      return lapsed.length;
    });
    span.setAttributes({ 'reservation.outcome': 'expired', 'reservation.count': expired });
    outcomes.count('expired', expired);
    return expired;
  });
}
