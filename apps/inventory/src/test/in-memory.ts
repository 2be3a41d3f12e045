/* eslint-disable @typescript-eslint/require-await -- in-memory stand-ins keep the async signatures of the ports they replace */
import { randomUUID } from 'node:crypto';
import type {
  ReservationRepository,
  StockRepository,
  TransactionRepositories,
  Transactions,
} from '../domain/ports';
import { bySku } from '../domain/reservation';
import type { Reservation, ReservationItem, ReservationStatus } from '../domain/reservation';
import type { ReservationDeps } from '../domain/reservation-deps';
import type { ReservationOutcome, ReservationOutcomes } from '../domain/reservation-outcomes';

interface StoredReservation {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date;
  items: ReservationItem[];
}

/** Everything the inventory keeps: available units per SKU, and reservations by id. */
interface State {
  stock: Map<string, number>;
  reservations: Map<string, StoredReservation>;
}

const copy = (state: State): State => ({
  stock: new Map(state.stock),
  reservations: new Map(
    [...state.reservations].map(([id, stored]) => [
      id,
      { ...stored, items: stored.items.map((item) => ({ ...item })) },
    ]),
  ),
});

const toReservation = (stored: StoredReservation): Reservation => ({
  id: stored.id,
  orderId: stored.orderId,
  status: stored.status,
  expiresAt: stored.expiresAt.toISOString(),
  items: bySku(stored.items.map((item) => ({ ...item }))),
});

/** The reservation repository's contract on `state`, with expiry by the injected clock. */
function reservationsOn(state: () => State, clock: () => Date): ReservationRepository {
  const lapsed = (stored: StoredReservation) => stored.expiresAt.getTime() <= clock().getTime();
  const byOrder = (orderId: string) =>
    [...state().reservations.values()].find((stored) => stored.orderId === orderId);
  return {
    async create(orderId, ttlSeconds, items) {
      if (byOrder(orderId)) return undefined;
      const id = randomUUID();
      const expiresAt = new Date(clock().getTime() + ttlSeconds * 1000);
      const stored: StoredReservation = {
        id,
        orderId,
        status: 'pending',
        expiresAt,
        items: items.map((item) => ({ ...item })),
      };
      state().reservations.set(id, stored);
      return toReservation(stored);
    },
    async findById(id) {
      const stored = state().reservations.get(id);
      return stored && toReservation(stored);
    },
    async findByOrderId(orderId) {
      const stored = byOrder(orderId);
      return stored && toReservation(stored);
    },
    async lockById(id) {
      const stored = state().reservations.get(id);
      return stored && { reservation: toReservation(stored), lapsed: lapsed(stored) };
    },
    async lockLapsed(limit) {
      return [...state().reservations.values()]
        .filter((stored) => stored.status === 'pending' && lapsed(stored))
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
        .slice(0, limit)
        .map(toReservation);
    },
    async setStatus(ids, status) {
      for (const id of ids) {
        const stored = state().reservations.get(id);
        if (stored) stored.status = status;
      }
    },
  };
}

/** The stock repository's contract on `state`: never below zero, unknown SKUs left alone. */
function stockOn(state: () => State): StockRepository {
  const level = (sku: string) => {
    const available = state().stock.get(sku);
    return available === undefined ? undefined : { sku, available };
  };
  return {
    async list() {
      return [...state().stock]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([sku, available]) => ({ sku, available }));
    },
    async find(sku) {
      return level(sku);
    },
    async set(sku, available) {
      state().stock.set(sku, available);
      return { sku, available };
    },
    async take(sku, quantity) {
      const available = state().stock.get(sku);
      if (available === undefined || available < quantity) return false;
      state().stock.set(sku, available - quantity);
      return true;
    },
    async restore(items) {
      for (const { sku, quantity } of items) {
        const available = state().stock.get(sku);
        if (available !== undefined) state().stock.set(sku, available + quantity);
      }
    },
  };
}

/**
 * Units of work in memory: one at a time (as if every row were locked), each on a copy of the
 * state that replaces it when `work` resolves and is dropped when it throws.
 */
function transactionsOn(state: { current: State }, clock: () => Date): Transactions {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: (repositories: TransactionRepositories) => Promise<T>): Promise<T> {
      const turn = queue.then(async () => {
        const draft = copy(state.current);
        const result = await work({
          reservations: reservationsOn(() => draft, clock),
          stock: stockOn(() => draft),
        });
        state.current = draft;
        return result;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Outcome counts kept in a record, for asserting on. */
function countedOutcomes(): ReservationOutcomes & {
  counts: Partial<Record<ReservationOutcome, number>>;
} {
  const counts: Partial<Record<ReservationOutcome, number>> = {};
  return {
    counts,
    count: (outcome, howMany = 1) => {
      counts[outcome] = (counts[outcome] ?? 0) + howMany;
    },
  };
}

export interface InMemoryInventory {
  deps: ReservationDeps;
  outcomes: ReturnType<typeof countedOutcomes>;
  /** Reads outside any transaction, as the routes do. */
  reservations: ReservationRepository;
  /** A SKU's available units right now (undefined when it is not stocked). */
  available(sku: string): number | undefined;
  /** Moves the injected clock on. */
  advance(ms: number): void;
}

/** The reservation use cases' dependencies with every port in memory and a clock the test moves. */
export function inMemoryInventory(stock: Record<string, number> = {}): InMemoryInventory {
  let time = Date.parse('2026-11-30T12:00:00Z');
  const clock = () => new Date(time);
  const state: { current: State } = {
    current: { stock: new Map(Object.entries(stock)), reservations: new Map() },
  };
  const outcomes = countedOutcomes();
  return {
    deps: { transactions: transactionsOn(state, clock), outcomes },
    outcomes,
    reservations: reservationsOn(() => state.current, clock),
    available: (sku) => state.current.stock.get(sku),
    advance: (ms) => {
      time += ms;
    },
  };
}
