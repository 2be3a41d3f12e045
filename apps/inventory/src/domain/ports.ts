import type { ResetReport } from '@faultline/contracts';
import type { Reservation, ReservationItem, ReservationStatus } from './reservation';
import type { StockLevel } from './stock';

/** A reservation read under a row lock, and whether its expiry time has passed. */
export interface LockedReservation {
  reservation: Reservation;
  /** expires_at is past (by the database clock); a pending one no longer holds its stock for long. */
  lapsed: boolean;
}

/** Reservations and their items. Inside a transaction, locks are held until it ends. */
export interface ReservationRepository {
  /**
   * Inserts a pending reservation for the order with its items, expiring `ttlSeconds` from now, and
   * returns it; undefined when the order already has one (after waiting for a concurrent insert to
   * settle). It takes no stock: that is the caller's, in the same transaction.
   */
  create(
    orderId: string,
    ttlSeconds: number,
    items: readonly ReservationItem[],
  ): Promise<Reservation | undefined>;
  findById(id: string): Promise<Reservation | undefined>;
  findByOrderId(orderId: string): Promise<Reservation | undefined>;
  /** Reads a reservation and locks it until the transaction ends. */
  lockById(id: string): Promise<LockedReservation | undefined>;
  /** Locks up to `limit` lapsed pending reservations, skipping any another transaction holds. */
  lockLapsed(limit: number): Promise<Reservation[]>;
  setStatus(ids: readonly string[], status: ReservationStatus): Promise<void>;
}

/** Available units per SKU. */
export interface StockRepository {
  list(): Promise<StockLevel[]>;
  find(sku: string): Promise<StockLevel | undefined>;
  /** Sets a SKU's available units, creating the SKU if it is new. */
  set(sku: string, available: number): Promise<StockLevel>;
  /**
   * Takes `quantity` units if that many are available, locking the SKU until the transaction ends.
   * Returns false, taking nothing, when the SKU is short or unknown.
   */
  take(sku: string, quantity: number): Promise<boolean>;
  /** Gives units back, locking SKUs in SKU order like `take` does. */
  restore(items: readonly ReservationItem[]): Promise<void>;
}

/** The repositories of one transaction: what they do commits together, or not at all. */
export interface TransactionRepositories {
  reservations: ReservationRepository;
  stock: StockRepository;
}

/**
 * Units of work: `run` opens a transaction, hands `work` repositories bound to it, commits when
 * `work` resolves and rolls back when it throws (rethrowing what it threw).
 */
export interface Transactions {
  run<T>(work: (repositories: TransactionRepositories) => Promise<T>): Promise<T>;
}

export type { ResetReport, TableReset } from '@faultline/contracts';

/** The service's data as the migrations seeded it. */
export interface SeedData {
  /**
   * Puts every table back to its seed in one transaction, after the writes in flight and before
   * the next: a concurrent write lands wholly before or wholly after it.
   */
  restore(): Promise<ResetReport>;
}
