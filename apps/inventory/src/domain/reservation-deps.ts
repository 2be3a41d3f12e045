import type { Transactions } from './ports';
import type { ReservationOutcomes } from './reservation-outcomes';

/** What the reservation use cases work with, injected by the composition root. */
export interface ReservationDeps {
  transactions: Transactions;
  outcomes: ReservationOutcomes;
}
