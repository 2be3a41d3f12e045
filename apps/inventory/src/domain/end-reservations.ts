import type { PoolClient } from '@faultline/postgres';
import { reservationRepository } from '../data/reservation-repository';
import { stockRepository } from '../data/stock-repository';
import type { Reservation } from './reservation';

/**
 * Ends pending reservations that were locked by the caller's transaction: their units go back to
 * stock and they take their final status. Locking first is what makes the stock go back only once.
 */
export async function endReservations(
  client: PoolClient,
  locked: readonly Reservation[],
  status: 'released' | 'expired',
): Promise<void> {
  await stockRepository(client).restore(locked.flatMap((reservation) => reservation.items));
  await reservationRepository(client).setStatus(
    locked.map((reservation) => reservation.id),
    status,
  );
}
