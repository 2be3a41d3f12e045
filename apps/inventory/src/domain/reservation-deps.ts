import type { Pool } from '@faultline/postgres';
import type { ReservationOutcomes } from './reservation-outcomes';

/** What the reservation use cases work with. */
export interface ReservationDeps {
  pool: Pool;
  outcomes: ReservationOutcomes;
}
