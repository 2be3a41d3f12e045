import type { Pool } from '@faultline/postgres';
import type { ReconciliationRepository } from '../domain/ports';

interface DueRow {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  gateway_reference: string;
  updated_at: Date;
}

/** Marks are only ever set on a captured payment nothing has marked yet. */
const UNMARKED = 'reconciled_at IS NULL AND unbooked_at IS NULL';

/**
 * Reconciliation's reads and marks on the payments table (migration 003). Every query is served by
 * a small partial index: payments_to_reconcile_idx for the payments to check, payments_unbooked_idx
 * for the totals, so a run costs the same on a table of any size.
 */
export function reconciliationRepository(pool: Pool): ReconciliationRepository {
  return {
    async dueForReconciliation(capturedBefore, limit) {
      // For a captured payment, updated_at is when it was captured (only a refund updates it later).
      const { rows } = await pool.query<DueRow>(
        `SELECT id, order_id, amount, currency, gateway_reference, updated_at
           FROM payments
          WHERE status = 'captured' AND ${UNMARKED} AND updated_at < $1
          ORDER BY updated_at
          LIMIT $2`,
        [capturedBefore, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        orderId: row.order_id,
        amount: { amount: row.amount, currency: row.currency },
        gatewayReference: row.gateway_reference,
        capturedAt: row.updated_at,
      }));
    },

    async markBooked(ids) {
      if (ids.length === 0) return;
      await pool.query(
        `UPDATE payments SET reconciled_at = now() WHERE id = ANY($1::uuid[]) AND ${UNMARKED}`,
        [ids],
      );
    },

    async markUnbooked(ids) {
      if (ids.length === 0) return [];
      // The row lock makes a second instance marking the same payment wait, then find it marked
      // and return nothing: each payment is reported by exactly one run.
      const { rows } = await pool.query<{ id: string }>(
        `UPDATE payments SET unbooked_at = now()
          WHERE id = ANY($1::uuid[]) AND status = 'captured' AND ${UNMARKED}
         RETURNING id`,
        [ids],
      );
      return rows.map((row) => row.id);
    },

    async unreconciledTotals() {
      const { rows } = await pool.query<{ currency: string; count: number; amount: number }>(
        `SELECT currency, count(*) AS count, sum(amount) AS amount
           FROM payments
          WHERE unbooked_at IS NOT NULL AND status = 'captured'
          GROUP BY currency
          ORDER BY currency`,
      );
      return rows;
    },
  };
}
