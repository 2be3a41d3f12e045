import type { Pool } from '@faultline/postgres';
import type {
  CardBrand,
  DeclineCode,
  Payment,
  PaymentAnswer,
  PaymentStatus,
} from '../domain/payment';
import type { PaymentRepository } from '../domain/ports';

interface PaymentRow {
  id: string;
  idempotency_key: string;
  request_hash: string;
  order_id: string;
  amount: number;
  currency: string;
  card_brand: CardBrand;
  card_last4: string;
  status: PaymentStatus;
  decline_code: DeclineCode | null;
  gateway_reference: string | null;
  fraud_score: number | null;
  response_status: number | null;
  response_body: Record<string, unknown> | null;
  created_at: Date;
  refunded_at: Date | null;
}

const COLUMNS = `id, idempotency_key, request_hash, order_id, amount, currency, card_brand,
  card_last4, status, decline_code, gateway_reference, fraud_score, response_status,
  response_body, created_at, refunded_at`;

const toPayment = (row: PaymentRow): Payment => ({
  id: row.id,
  idempotencyKey: row.idempotency_key,
  requestHash: row.request_hash,
  orderId: row.order_id,
  amount: { amount: row.amount, currency: row.currency },
  card: { brand: row.card_brand, last4: row.card_last4 },
  status: row.status,
  declineCode: row.decline_code,
  gatewayReference: row.gateway_reference,
  fraudScore: row.fraud_score,
  createdAt: row.created_at,
  refundedAt: row.refunded_at,
});

const toAnswer = (row: PaymentRow): PaymentAnswer | null =>
  row.response_status === null || row.response_body === null
    ? null
    : { status: row.response_status, body: row.response_body };

/** The payment repository over Postgres: the claim rules are in the SQL, under row locks. */
export function paymentRepository(pool: Pool): PaymentRepository {
  return {
    async claim(payment, staleAfterMs) {
      const inserted = await pool.query<PaymentRow>(
        `INSERT INTO payments (idempotency_key, request_hash, order_id, amount, currency,
                               card_brand, card_last4, status, locked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'processing', now())
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          payment.idempotencyKey,
          payment.requestHash,
          payment.orderId,
          payment.amount.amount,
          payment.amount.currency,
          payment.card.brand,
          payment.card.last4,
        ],
      );
      if (inserted.rows[0] !== undefined)
        return { kind: 'new', payment: toPayment(inserted.rows[0]) };

      // Row-locking the previous version lets exactly one of several concurrent retries take over.
      const takenOver = await pool.query<PaymentRow & { previous_status: PaymentStatus }>(
        `UPDATE payments p
            SET status = 'processing', locked_at = now(), updated_at = now()
           FROM (SELECT id, status FROM payments WHERE idempotency_key = $1 FOR UPDATE) previous
          WHERE p.id = previous.id
            AND p.request_hash = $2
            AND (p.status = 'failed'
                 OR (p.status = 'processing' AND p.locked_at < now() - $3::int * interval '1 millisecond'))
         RETURNING p.*, previous.status AS previous_status`,
        [payment.idempotencyKey, payment.requestHash, staleAfterMs],
      );
      const row = takenOver.rows[0];
      if (row !== undefined) {
        return { kind: 'taken_over', payment: toPayment(row), previousStatus: row.previous_status };
      }

      const existing = await pool.query<PaymentRow>(
        `SELECT ${COLUMNS} FROM payments WHERE idempotency_key = $1`,
        [payment.idempotencyKey],
      );
      const found = existing.rows[0];
      if (found === undefined) throw new Error('a claimed idempotency key has no payment row');
      return { kind: 'existing', payment: toPayment(found), answer: toAnswer(found) };
    },

    async record(paymentId, outcome) {
      const { rows } = await pool.query<PaymentRow>(
        `UPDATE payments
            SET status = $2, decline_code = $3, gateway_reference = $4, fraud_score = $5,
                response_status = $6, response_body = $7::jsonb, locked_at = NULL, updated_at = now()
          WHERE id = $1
         RETURNING ${COLUMNS}`,
        [
          paymentId,
          outcome.status,
          outcome.declineCode,
          outcome.gatewayReference,
          outcome.fraudScore,
          outcome.answer.status,
          JSON.stringify(outcome.answer.body),
        ],
      );
      const answer = rows[0] === undefined ? null : toAnswer(rows[0]);
      if (answer === null) throw new Error(`payment ${paymentId} vanished while being recorded`);
      return answer;
    },

    async findById(id) {
      const { rows } = await pool.query<PaymentRow>(
        `SELECT ${COLUMNS} FROM payments WHERE id = $1`,
        [id],
      );
      return rows[0] === undefined ? undefined : toPayment(rows[0]);
    },

    async markRefunded(id) {
      const { rows } = await pool.query<PaymentRow>(
        `UPDATE payments
            SET status = 'refunded', refunded_at = COALESCE(refunded_at, now()), updated_at = now()
          WHERE id = $1 AND status IN ('captured', 'refunded')
         RETURNING ${COLUMNS}`,
        [id],
      );
      return rows[0] === undefined ? undefined : toPayment(rows[0]);
    },
  };
}
