/* eslint-disable @typescript-eslint/require-await -- in-memory stand-ins keep the async signatures of the ports they replace */
import { randomUUID } from 'node:crypto';
import { createLogger } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import type { LogCapture } from '@faultline/instrumented/testing';
import type { ChargePaymentDeps } from '../domain/charge-payment';
import type { Payment, PaymentAnswer } from '../domain/payment';
import { paymentMetrics } from '../domain/payment-metrics';
import { GatewayError } from '../domain/ports';
import type {
  CapturedPayment,
  CardGateway,
  GatewayAnswer,
  GatewayLedger,
  PaymentRepository,
  ReconciliationRepository,
  UnreconciledTotal,
} from '../domain/ports';

interface Row {
  payment: Payment;
  answer: PaymentAnswer | null;
  lockedAt: number | null;
}

/** The payment repository's contract in memory, with the claim rules of the SQL one. */
export function inMemoryPayments(): PaymentRepository & { rows: Map<string, Row> } {
  const rows = new Map<string, Row>();
  const byKey = (key: string) => [...rows.values()].find((r) => r.payment.idempotencyKey === key);
  return {
    rows,
    async claim(payment, staleAfterMs) {
      const found = byKey(payment.idempotencyKey);
      if (!found) {
        const created: Payment = {
          id: randomUUID(),
          ...payment,
          status: 'processing',
          declineCode: null,
          gatewayReference: null,
          fraudScore: null,
          createdAt: new Date(),
          refundedAt: null,
        };
        rows.set(created.id, { payment: created, answer: null, lockedAt: Date.now() });
        return { kind: 'new', payment: created };
      }
      const previousStatus = found.payment.status;
      const stale =
        previousStatus === 'processing' && (found.lockedAt ?? 0) < Date.now() - staleAfterMs;
      if (
        found.payment.requestHash === payment.requestHash &&
        (previousStatus === 'failed' || stale)
      ) {
        found.payment = { ...found.payment, status: 'processing' };
        found.lockedAt = Date.now();
        return { kind: 'taken_over', payment: found.payment, previousStatus };
      }
      return { kind: 'existing', payment: found.payment, answer: found.answer };
    },
    async record(paymentId, outcome) {
      const row = rows.get(paymentId)!;
      row.payment = {
        ...row.payment,
        status: outcome.status,
        declineCode: outcome.declineCode,
        gatewayReference: outcome.gatewayReference,
        fraudScore: outcome.fraudScore,
      };
      row.answer = outcome.answer;
      row.lockedAt = null;
      return outcome.answer;
    },
    async findById(id) {
      return rows.get(id)?.payment;
    },
    async markRefunded(id) {
      const row = rows.get(id);
      if (!row || !['captured', 'refunded'].includes(row.payment.status)) return undefined;
      row.payment = {
        ...row.payment,
        status: 'refunded',
        refundedAt: row.payment.refundedAt ?? new Date(),
      };
      return row.payment;
    },
  };
}

/** A card gateway that answers from a script (approve by default) and counts what it booked. */
export function scriptedGateway() {
  const script: (GatewayAnswer | 'unavailable')[] = [];
  const charged: string[] = [];
  const gateway: CardGateway = {
    name: 'scripted',
    async charge(request) {
      const step = script.shift() ?? { status: 'approved', reference: `ch_${request.chargeKey}` };
      if (step === 'unavailable') {
        throw new GatewayError('gateway_unavailable', 'the card gateway answered 503', {
          httpStatus: 503,
        });
      }
      if (step.status === 'approved') charged.push(request.chargeKey);
      return step;
    },
    async refund() {
      return 'refunded';
    },
  };
  return { gateway, script, charged };
}

export interface InMemoryPaymentService {
  deps: ChargePaymentDeps;
  payments: ReturnType<typeof inMemoryPayments>;
  gateway: ReturnType<typeof scriptedGateway>;
  logs: LogCapture;
}

/** chargePayment's dependencies, every port in memory. */
export function inMemoryPaymentService(): InMemoryPaymentService {
  const payments = inMemoryPayments();
  const gateway = scriptedGateway();
  const logs = captureLogs();
  return {
    payments,
    gateway,
    logs,
    deps: {
      payments,
      gateway: gateway.gateway,
      metrics: paymentMetrics(freshMetrics()),
      logger: createLogger({ service: 'payment', destination: logs.destination }),
      fraudWorkIterations: 10,
      fraudModel: 'checksum',
      staleProcessingMs: 1000,
    },
  };
}

/** A payment as reconciliation's fake stores it: captured or refunded, and what was found. */
export interface StoredCapture extends CapturedPayment {
  status: 'captured' | 'refunded';
  finding: 'booked' | 'unbooked' | null;
}

/**
 * Reconciliation's repository in memory, with the SQL one's rules: only unmarked captured payments
 * are due or marked, and a payment is marked once. `down` makes every call fail as a database that
 * went away does.
 */
export function inMemoryReconciliation(): ReconciliationRepository & {
  payments: StoredCapture[];
  down: boolean;
} {
  const payments: StoredCapture[] = [];
  const unmarked = (p: StoredCapture) => p.status === 'captured' && p.finding === null;
  const store = {
    payments,
    down: false,
    async dueForReconciliation(capturedBefore: Date, limit: number) {
      reachable();
      return payments
        .filter((p) => unmarked(p) && p.capturedAt < capturedBefore)
        .sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime())
        .slice(0, limit)
        .map(({ id, orderId, amount, gatewayReference, capturedAt }) => ({
          id,
          orderId,
          amount,
          gatewayReference,
          capturedAt,
        }));
    },
    async markBooked(ids: readonly string[]) {
      reachable();
      for (const p of payments) if (ids.includes(p.id) && unmarked(p)) p.finding = 'booked';
    },
    async markUnbooked(ids: readonly string[]) {
      reachable();
      const marked = payments.filter((p) => ids.includes(p.id) && unmarked(p));
      for (const p of marked) p.finding = 'unbooked';
      return marked.map((p) => p.id);
    },
    async unreconciledTotals() {
      reachable();
      const totals = new Map<string, UnreconciledTotal>();
      for (const p of payments) {
        if (p.status !== 'captured' || p.finding !== 'unbooked') continue;
        const { currency, amount } = p.amount;
        const total = totals.get(currency) ?? { currency, count: 0, amount: 0 };
        totals.set(currency, { currency, count: total.count + 1, amount: total.amount + amount });
      }
      return [...totals.values()];
    },
  };
  function reachable(): void {
    if (store.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }
  return store;
}

/** The gateway's books in memory: the references in `references` are booked. */
export function inMemoryLedger(): GatewayLedger & { references: Set<string> } {
  const references = new Set<string>();
  return {
    references,
    async booked(asked) {
      return new Set(asked.filter((reference) => references.has(reference)));
    },
  };
}
