import type { TransactionRepositories } from './ports';
import type { Reservation } from './reservation';

/**
 * Ends pending reservations that were locked by the caller's transaction: their units go back to
 * stock and they take their final status. Locking first is what makes the stock go back only once.
 */
export async function endReservations(
  { reservations, stock }: TransactionRepositories,
  locked: readonly Reservation[],
  status: 'released' | 'expired',
): Promise<void> {
  await stock.restore(locked.flatMap((reservation) => reservation.items));
  await reservations.setStatus(
    locked.map((reservation) => reservation.id),
    status,
  );
}
