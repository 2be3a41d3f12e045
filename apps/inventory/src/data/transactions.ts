import { withTransaction } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { Transactions } from '../domain/ports';
import { reservationRepository } from './reservation-repository';
import { stockRepository } from './stock-repository';

/**
 * Units of work on Postgres: each `run` is one transaction on a client of its own, and the
 * repositories it hands out run their SQL on that client (so their row locks last until it ends).
 */
export function postgresTransactions(pool: Pool): Transactions {
  return {
    run: (work) =>
      withTransaction(pool, (client) =>
        work({ reservations: reservationRepository(client), stock: stockRepository(client) }),
      ),
  };
}
