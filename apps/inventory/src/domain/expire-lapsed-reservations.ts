import { withSpan } from '@faultline/instrumented';
import { endReservations } from './end-reservations';
import type { ReservationDeps } from './reservation-deps';

/** How many lapsed reservations one sweep expires at most; the next sweep takes the rest. */
const SWEEP_BATCH_SIZE = 500;

/**
 * One sweep: pending reservations past their expiry become expired and their units go back to
 * stock, in one transaction. Rows another transaction holds (a commit or release in flight) are
 * skipped, not waited for. Returns how many were expired.
 */
export function expireLapsedReservations({
  transactions,
  outcomes,
}: ReservationDeps): Promise<number> {
  return withSpan('inventory.reservations.expire', {}, async (span) => {
    const expired = await transactions.run(async (repositories) => {
      const lapsed = await repositories.reservations.lockLapsed(SWEEP_BATCH_SIZE);
      if (lapsed.length > 0) await endReservations(repositories, lapsed, 'expired');
      return lapsed.length;
    });
    span.setAttributes({ 'reservation.outcome': 'expired', 'reservation.count': expired });
    outcomes.count('expired', expired);
    return expired;
  });
}
