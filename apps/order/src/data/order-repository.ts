import type { Pool } from '@faultline/postgres';
import type { Order, OrderLine, OrderStatus } from '../domain/order';
import type { OrderRecord, OrderRepository } from '../domain/ports';

interface OrderRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  customer_id: string;
  status: OrderStatus;
  items: OrderLine[];
  total_amount: number;
  currency: string;
  reservation_id: string | null;
  payment_id: string | null;
  decline_code: string | null;
  failure_reason: string | null;
  payment_attempts: number;
  settle_attempts: number;
  card_vault: Buffer | null;
  response_status: number | null;
  response_body: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  idempotencyKey: row.idempotency_key,
  requestHash: row.request_hash,
  customerId: row.customer_id,
  status: row.status,
  items: row.items,
  total: { amount: row.total_amount, currency: row.currency.trim() },
  reservationId: row.reservation_id,
  paymentId: row.payment_id,
  declineCode: row.decline_code,
  failureReason: row.failure_reason,
  paymentAttempts: row.payment_attempts,
  settleAttempts: row.settle_attempts,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toRecord = (row: OrderRow): OrderRecord => ({
  order: toOrder(row),
  sealedCard: row.card_vault,
  answer:
    row.response_status === null || row.response_body === null
      ? null
      : { status: row.response_status, body: row.response_body },
});

const SELECT = 'SELECT * FROM orders';
const UNIQUE_VIOLATION = '23505';

export function orderRepository(pool: Pool): OrderRepository {
  return {
    async insert(order) {
      try {
        const { rows } = await pool.query<OrderRow>(
          `INSERT INTO orders (id, idempotency_key, request_hash, customer_id, status, items, total_amount, currency, card_vault)
           VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8)
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [
            order.id,
            order.idempotencyKey,
            order.requestHash,
            order.customerId,
            JSON.stringify(order.items),
            order.total.amount,
            order.total.currency,
            order.sealedCard,
          ],
        );
        return rows[0] === undefined ? undefined : toOrder(rows[0]);
      } catch (error) {
        // The id follows from the key, so a simultaneous insert under the same key collides on
        // both unique indexes; ON CONFLICT arbitrates one and PostgreSQL may still raise 23505 on
        // the other. Either way the key is taken: the same answer as DO NOTHING.
        if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return undefined;
        throw error;
      }
    },
    async findById(id) {
      const { rows } = await pool.query<OrderRow>(`${SELECT} WHERE id = $1`, [id]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },
    async findByIdempotencyKey(key) {
      const { rows } = await pool.query<OrderRow>(`${SELECT} WHERE idempotency_key = $1`, [key]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    },
    async update(id, change) {
      const { rows } = await pool.query<OrderRow>(
        `UPDATE orders SET
           status = $2,
           reservation_id = COALESCE($3, reservation_id),
           payment_id = COALESCE($4, payment_id),
           decline_code = COALESCE($5, decline_code),
           failure_reason = COALESCE($6, failure_reason),
           reservation_settled = COALESCE($7, reservation_settled),
           next_attempt_at = $8,
           response_status = COALESCE(response_status, $9),
           response_body = COALESCE(response_body, $10),
           card_vault = CASE WHEN $11 THEN NULL ELSE card_vault END,
           updated_at = now()
         WHERE id = $1
         RETURNING *`,
        [
          id,
          change.status,
          change.reservationId ?? null,
          change.paymentId ?? null,
          change.declineCode ?? null,
          change.failureReason ?? null,
          change.reservationSettled ?? null,
          change.nextAttemptAt ?? null,
          change.answer?.status ?? null,
          change.answer === undefined ? null : JSON.stringify(change.answer.body),
          change.eraseCard ?? false,
        ],
      );
      if (rows[0] === undefined) throw new Error(`order ${id} vanished during an update`);
      return toOrder(rows[0]);
    },
    async remove(id) {
      await pool.query('DELETE FROM orders WHERE id = $1', [id]);
    },
    async claimDue(limit, staleMs, leaseMs) {
      const { rows } = await pool.query<OrderRow>(
        `UPDATE orders SET
           next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
           payment_attempts = payment_attempts + (status <> 'refund_pending')::int,
           settle_attempts = settle_attempts + (status = 'refund_pending')::int,
           updated_at = now()
         WHERE id IN (
           SELECT id FROM orders
           WHERE (status IN ('payment_pending', 'refund_pending') AND next_attempt_at <= now())
              OR (status = 'pending' AND COALESCE(next_attempt_at, updated_at) <= now()
                  AND updated_at < now() - make_interval(secs => $2::double precision / 1000))
           ORDER BY next_attempt_at NULLS FIRST
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [limit, staleMs, leaseMs],
      );
      return rows.map(toRecord);
    },
    async findUnsettledReservations(limit, backoff) {
      const { rows } = await pool.query<OrderRow>(
        `${SELECT}
         WHERE reservation_settled = false AND reservation_id IS NOT NULL
           AND status IN ('paid', 'declined', 'rejected', 'failed')
           AND updated_at < now() - make_interval(secs => least(
                 $3::double precision, $2::double precision * 2 ^ least(settle_attempts, 30)) / 1000)
         ORDER BY updated_at LIMIT $1`,
        [limit, backoff.baseDelayMs, backoff.maxDelayMs],
      );
      return rows.map(toOrder);
    },
    async deferSettlement(id) {
      await pool.query(
        'UPDATE orders SET settle_attempts = settle_attempts + 1, updated_at = now() WHERE id = $1',
        [id],
      );
    },
    async countByStatus(status) {
      const { rows } = await pool.query<{ count: number }>(
        'SELECT count(*) AS count FROM orders WHERE status = $1',
        [status],
      );
      return rows[0]?.count ?? 0;
    },
  };
}
