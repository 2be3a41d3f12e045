import type { Product, ReservationRequest, ResetReport } from '@faultline/contracts';
import type { Card } from './card';
import type { CheckoutAnswer, Money, Order, OrderLine, OrderStatus } from './order';

/**
 * The ports of the order service: what the checkout and the retry worker need from the outside,
 * in the domain's words. data/ and clients/ implement them; the composition root (compose.ts)
 * plugs the implementations in, and src/test/in-memory.ts fakes them for the unit specs.
 */

// ── Orders (data/order-repository.ts) ───────────────────────────────────────────────────────────

/** An order with what the payment step needs: the sealed card and the stored first answer. */
export interface OrderRecord {
  order: Order;
  sealedCard: Buffer | null;
  answer: CheckoutAnswer | null;
}

export interface NewOrder {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  customerId: string;
  items: OrderLine[];
  total: Money;
  sealedCard: Buffer;
}

/** A status change; fields left out are kept. Settled orders lose their card. */
export interface OrderUpdate {
  status: OrderStatus;
  reservationId?: string;
  paymentId?: string;
  declineCode?: string;
  failureReason?: string;
  reservationSettled?: boolean;
  /** When the worker should try the payment again (payment_pending only). */
  nextAttemptAt?: Date;
  answer?: CheckoutAnswer;
  eraseCard?: boolean;
}

export interface OrderRepository {
  /** Inserts the order, or returns undefined when its Idempotency-Key is already taken. */
  insert(order: NewOrder): Promise<Order | undefined>;
  findById(id: string): Promise<OrderRecord | undefined>;
  findByIdempotencyKey(key: string): Promise<OrderRecord | undefined>;
  update(id: string, change: OrderUpdate): Promise<Order>;
  /** Removes an order that was never accepted (a dependency was down before anything happened). */
  remove(id: string): Promise<void>;
  /**
   * Claims up to `limit` orders due for a worker try — payment_pending and refund_pending ones
   * whose time has come, and pending ones untouched for `staleMs` (a crash left them) — leasing
   * them for `leaseMs` so no other worker takes them meanwhile, and counting the attempt (a payment
   * try, or a settlement try for a refund).
   */
  claimDue(limit: number, staleMs: number, leaseMs: number): Promise<OrderRecord[]>;
  /**
   * Orders in a final state whose reservation still has to be committed or released, each due
   * after a backoff that doubles with its settlement tries (`baseDelayMs`, at most `maxDelayMs`).
   */
  findUnsettledReservations(
    limit: number,
    backoff: { baseDelayMs: number; maxDelayMs: number },
  ): Promise<Order[]>;
  /** Counts a failed settlement try; the order is due again after a longer backoff. */
  deferSettlement(id: string): Promise<void>;
  countByStatus(status: OrderStatus): Promise<number>;
}

// ── Card vault (data/card-vault.ts) ─────────────────────────────────────────────────────────────

/**
 * Sealing of card details for the retry queue: the worker must be able to charge an order after a
 * payment outage or a crash, but the card never rests in the clear and is erased as soon as the
 * order settles.
 */
export interface CardVault {
  seal(card: Card): Buffer;
  open(sealed: Buffer): Card;
}

// ── Catalog (clients/catalog-client.ts) ─────────────────────────────────────────────────────────

export interface CatalogClient {
  /**
   * The products among `ids` that exist (unknown ids are simply absent), as catalog answers them
   * (the catalog contract).
   */
  findProducts(ids: readonly string[]): Promise<Product[]>;
  close(): void;
}

// ── Inventory (clients/inventory-client.ts) ─────────────────────────────────────────────────────

export type ReserveResult =
  | { outcome: 'reserved'; reservationId: string }
  | { outcome: 'insufficient_stock'; sku: string; available: number }
  | { outcome: 'unknown_sku'; sku: string };

/** Whether the paid order's units are now taken for good, or can no longer be. */
export type CommitResult =
  { committed: true } | { committed: false; reason: 'stock_gone' | 'reservation_missing' };

export interface InventoryClient {
  /** Reserves stock for an order; replays for the same order id. Transient failures throw. */
  reserve(request: ReservationRequest): Promise<ReserveResult>;
  /**
   * Commits a reservation after payment (idempotent; one whose stock went back takes it again if
   * it can). `committed: false` is final: the units are sold. Transient failures throw.
   */
  commit(reservationId: string): Promise<CommitResult>;
  /** Gives the stock back. Idempotent; an already expired reservation counts as released. */
  release(reservationId: string): Promise<void>;
  close(): void;
}

// ── Payment (clients/payment-client.ts) ─────────────────────────────────────────────────────────

export interface ChargeRequest {
  orderId: string;
  idempotencyKey: string;
  amount: Money;
  card: Card;
}

export type ChargeResult =
  | { outcome: 'captured'; paymentId: string }
  | { outcome: 'declined'; declineCode: string; paymentId: string | undefined }
  /** Payment is still working on this key (another try holds it): ask again later. */
  | { outcome: 'in_progress' }
  /** Payment refused the request itself (it will never succeed as sent). */
  | { outcome: 'rejected'; code: string };

export interface PaymentClient {
  /**
   * Charges the card once per idempotency key. Payment being slow, failing, unreachable or behind
   * an open breaker throws a ServiceCallError: the charge may be retried later with the same key.
   */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Gives a captured payment's money back (idempotent). Payment unreachable or refusing throws:
   * the refund is tried again later.
   */
  refund(paymentId: string): Promise<void>;
  close(): void;
}

/** Whether a release answers its readiness check: a canary takes traffic only once it is up. */
export type ReadinessProbe = (baseUrl: string) => Promise<{ ready: boolean; why: string }>;

export type { ResetReport, TableReset } from '@faultline/contracts';

/** The service's data as the migrations seeded it. */
export interface SeedData {
  /** Puts every table back to its seed in one transaction. */
  restore(): Promise<ResetReport>;
}
