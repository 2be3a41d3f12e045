import type { Faults } from '@faultline/faults';
import type { Logger, Metrics } from '@faultline/instrumented';
import { lockTableWhileActive } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { InventoryConfig } from './config';
import { reservationRepository } from './data/reservation-repository';
import { seedData } from './data/seed-data';
import { stockRepository } from './data/stock-repository';
import { postgresTransactions } from './data/transactions';
import { expireLapsedReservations } from './domain/expire-lapsed-reservations';
import type { ReservationRepository, SeedData, StockRepository } from './domain/ports';
import type { ReservationDeps } from './domain/reservation-deps';
import { reservationOutcomes } from './domain/reservation-outcomes';
import type { ReservationSweeperOptions } from './domain/reservation-sweeper';

type InventorySettings = Pick<InventoryConfig, 'RESERVATION_SWEEP_INTERVAL_MS'>;

/** The inventory's dependencies, wired once: the HTTP app and the sweeper share them. */
export interface InventoryDeps {
  /** What the reservation use cases (reserve, commit, release, expire) work with. */
  useCases: ReservationDeps;
  /** Reservation reads outside any transaction (GET /reservations…). */
  reservations: ReservationRepository;
  stock: StockRepository;
  /** The seed the migrations wrote, which POST /admin/reset restores. */
  seed: SeedData;
  /** The background sweeper's settings and its sweep step (expireLapsedReservations). */
  sweeper: ReservationSweeperOptions;
}

/** Wires the inventory's dependencies from config (used by main.ts and by the tests). */
export function composeInventory(
  settings: InventorySettings,
  pool: Pool,
  logger: Logger,
  metrics: Metrics,
  faults?: Faults,
): InventoryDeps {
  // inventory.db: the stock table held locked by another session, so reservations wait on it.
  faults?.onActivate('inventory.db', lockTableWhileActive(pool, 'stock'));
  const useCases: ReservationDeps = {
    transactions: postgresTransactions(pool),
    outcomes: reservationOutcomes(metrics),
  };
  return {
    useCases,
    reservations: reservationRepository(pool),
    stock: stockRepository(pool),
    seed: seedData(pool),
    sweeper: {
      intervalMs: settings.RESERVATION_SWEEP_INTERVAL_MS,
      sweep: () => expireLapsedReservations(useCases),
      logger,
    },
  };
}
