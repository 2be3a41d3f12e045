/* eslint-disable @typescript-eslint/require-await -- in-memory stand-ins keep the async signatures of the ports they replace */
import { randomUUID } from 'node:crypto';
import { createLogger, ServiceCallError } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import type { LogCapture } from '@faultline/instrumented/testing';
import type { Card } from '../domain/card';
import type { CheckoutDeps } from '../domain/checkout-deps';
import { orderMetrics } from '../domain/order-metrics';
import { createResetGate } from '@faultline/service';
import type { Order } from '../domain/order';
import type {
  CardVault,
  CatalogClient,
  ChargeResult,
  CommitResult,
  InventoryClient,
  OrderRecord,
  OrderRepository,
  PaymentClient,
  ReserveResult,
} from '../domain/ports';

/** What a fake downstream does on its next call: answer, or fail the way a network call fails. */
type Step<T> = T | 'down';

const down = (peer: string) => new ServiceCallError('network', peer, `${peer} is unreachable`);

interface Row extends OrderRecord {
  reservationSettled: boolean;
  nextAttemptAt: Date | null;
}

/**
 * The order repository's contract, kept in memory with the same rules as the SQL (first answer
 * kept, card erased on request, leases and backoff by the injected clock), for use-case tests.
 */
function inMemoryOrders(clock: () => Date): OrderRepository & { rows: Map<string, Row> } {
  const rows = new Map<string, Row>();
  const now = () => clock().getTime();
  const touch = (row: Row, order: Partial<Order>) => {
    row.order = { ...row.order, ...order, updatedAt: clock() };
  };
  return {
    rows,
    async insert(order) {
      if ([...rows.values()].some((row) => row.order.idempotencyKey === order.idempotencyKey))
        return undefined;
      const created: Order = {
        id: order.id,
        idempotencyKey: order.idempotencyKey,
        requestHash: order.requestHash,
        customerId: order.customerId,
        status: 'pending',
        items: order.items,
        total: order.total,
        reservationId: null,
        paymentId: null,
        declineCode: null,
        failureReason: null,
        paymentAttempts: 0,
        settleAttempts: 0,
        createdAt: clock(),
        updatedAt: clock(),
      };
      rows.set(order.id, {
        order: created,
        sealedCard: order.sealedCard,
        answer: null,
        reservationSettled: false,
        nextAttemptAt: null,
      });
      return created;
    },
    async findById(id) {
      return rows.get(id);
    },
    async findByIdempotencyKey(key) {
      return [...rows.values()].find((row) => row.order.idempotencyKey === key);
    },
    async update(id, change) {
      const row = rows.get(id);
      if (!row) throw new Error(`order ${id} vanished during an update`);
      touch(row, {
        status: change.status,
        ...(change.reservationId ? { reservationId: change.reservationId } : {}),
        ...(change.paymentId ? { paymentId: change.paymentId } : {}),
        ...(change.declineCode ? { declineCode: change.declineCode } : {}),
        ...(change.failureReason ? { failureReason: change.failureReason } : {}),
      });
      if (change.reservationSettled !== undefined)
        row.reservationSettled = change.reservationSettled;
      row.nextAttemptAt = change.nextAttemptAt ?? null;
      row.answer ??= change.answer ?? null;
      if (change.eraseCard) row.sealedCard = null;
      return row.order;
    },
    async remove(id) {
      rows.delete(id);
    },
    async claimDue(limit, staleMs, leaseMs) {
      const due = [...rows.values()].filter(
        (row) =>
          (['payment_pending', 'refund_pending'].includes(row.order.status) &&
            (row.nextAttemptAt?.getTime() ?? 0) <= now()) ||
          (row.order.status === 'pending' && row.order.updatedAt.getTime() < now() - staleMs),
      );
      return due.slice(0, limit).map((row) => {
        const refund = row.order.status === 'refund_pending';
        touch(row, {
          paymentAttempts: row.order.paymentAttempts + (refund ? 0 : 1),
          settleAttempts: row.order.settleAttempts + (refund ? 1 : 0),
        });
        row.nextAttemptAt = new Date(now() + leaseMs);
        return { ...row };
      });
    },
    async findUnsettledReservations(limit, backoff) {
      return [...rows.values()]
        .filter(
          (row) =>
            !row.reservationSettled &&
            row.order.reservationId !== null &&
            ['paid', 'declined', 'rejected', 'failed'].includes(row.order.status) &&
            row.order.updatedAt.getTime() <
              now() -
                Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** row.order.settleAttempts),
        )
        .slice(0, limit)
        .map((row) => row.order);
    },
    async deferSettlement(id) {
      const row = rows.get(id);
      if (row) touch(row, { settleAttempts: row.order.settleAttempts + 1 });
    },
    async countByStatus(status) {
      return [...rows.values()].filter((row) => row.order.status === status).length;
    },
  };
}

/** Inventory as order sees it: each call takes the next scripted step, or the default. */
function fakeInventory() {
  const calls: string[] = [];
  const script = {
    reserve: [] as Step<ReserveResult>[],
    commit: [] as Step<CommitResult>[],
    release: [] as Step<'released'>[],
  };
  const next = <T>(steps: Step<T>[], fallback: T, call: string): T => {
    calls.push(call);
    const step = steps.shift() ?? fallback;
    if (step === 'down') throw down('inventory');
    return step;
  };
  const client: InventoryClient = {
    async reserve(request) {
      return next(
        script.reserve,
        { outcome: 'reserved', reservationId: randomUUID() },
        `reserve ${request.orderId}`,
      );
    },
    async commit(reservationId) {
      return next(script.commit, { committed: true }, `commit ${reservationId}`);
    },
    async release(reservationId) {
      next(script.release, 'released', `release ${reservationId}`);
    },
    close: () => undefined,
  };
  return { client, script, calls };
}

/** Payment as order sees it: scripted charges and refunds. */
function fakePayments() {
  const calls: string[] = [];
  const script = { charge: [] as Step<ChargeResult>[], refund: [] as Step<'refunded'>[] };
  const client: PaymentClient = {
    async charge(request) {
      calls.push(`charge ${request.idempotencyKey}`);
      const step = script.charge.shift() ?? { outcome: 'captured', paymentId: 'pay-1' };
      if (step === 'down') throw down('payment');
      return step;
    },
    async refund(paymentId) {
      calls.push(`refund ${paymentId}`);
      if ((script.refund.shift() ?? 'refunded') === 'down') throw down('payment');
    },
    close: () => undefined,
  };
  return { client, script, calls };
}

const catalog: CatalogClient = {
  async findProducts(ids) {
    return ids
      .filter((id) => id.startsWith('prd_'))
      .map((id) => ({
        id,
        sku: `SKU-${id}`,
        name: `Product ${id}`,
        price: { amount: 1000, currency: 'EUR' },
      }));
  },
  close: () => undefined,
};

/** Seals by keeping the card in plain sight: these tests are about the story, not the cipher. */
const vault: CardVault = {
  seal: (card) => Buffer.from(JSON.stringify(card)),
  open: (sealed) => JSON.parse(sealed.toString()) as Card,
};

/** The card the in-memory orders are placed with. */
export const TEST_CARD: Card = { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' };

export interface InMemoryCheckout {
  deps: CheckoutDeps;
  /** Records order `ord-1` (key `key-1`, 10.00 EUR, TEST_CARD sealed), as checkout's first step does. */
  insertOrder(): Promise<Order>;
  orders: ReturnType<typeof inMemoryOrders>;
  inventory: ReturnType<typeof fakeInventory>;
  payments: ReturnType<typeof fakePayments>;
  logs: LogCapture;
  /** Moves the injected clock on. */
  advance(ms: number): void;
}

/** The checkout's dependencies with every port in memory and a clock the test moves. */
export function inMemoryCheckout(attempts = 3): InMemoryCheckout {
  let time = Date.parse('2026-11-30T12:00:00Z');
  const clock = () => new Date(time);
  const orders = inMemoryOrders(clock);
  const inventory = fakeInventory();
  const payments = fakePayments();
  const logs = captureLogs();
  const deps: CheckoutDeps = {
    orders,
    catalog,
    inventory: inventory.client,
    payments: payments.client,
    vault,
    metrics: orderMetrics(freshMetrics(), () => orders.countByStatus('payment_pending')),
    logger: createLogger({ service: 'order', destination: logs.destination }),
    reservationTtlSeconds: 600,
    paymentRetry: { attempts, baseDelayMs: 100, maxDelayMs: 1000 },
    clock,
    random: () => 0.5,
    resetGate: createResetGate(1000),
  };
  return {
    deps,
    async insertOrder() {
      const inserted = await orders.insert({
        id: 'ord-1',
        idempotencyKey: 'key-1',
        requestHash: 'h',
        customerId: 'c-1',
        items: [],
        total: { amount: 1000, currency: 'EUR' },
        sealedCard: vault.seal(TEST_CARD),
      });
      if (!inserted) throw new Error('ord-1 is already there');
      return inserted;
    },
    orders,
    inventory,
    payments,
    logs,
    advance: (ms) => {
      time += ms;
    },
  };
}
