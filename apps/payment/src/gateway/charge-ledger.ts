import { randomBytes } from 'node:crypto';
import type { Pool } from '@faultline/postgres';
import type { Money } from '../domain/payment';
import type { GatewayLedger } from '../domain/ports';

/**
 * The simulated gateway's ledger of charges, one per charge key. Recording a key that is already
 * there returns the first charge's reference and changes nothing: this is what makes a retried
 * charge safe.
 */
export async function recordCharge(pool: Pool, chargeKey: string, amount: Money): Promise<string> {
  const inserted = await pool.query<{ reference: string }>(
    `INSERT INTO gateway_charges (idempotency_key, reference, amount, currency)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING reference`,
    [chargeKey, `ch_${randomBytes(12).toString('hex')}`, amount.amount, amount.currency],
  );
  if (inserted.rows[0] !== undefined) return inserted.rows[0].reference;
  const existing = await pool.query<{ reference: string }>(
    'SELECT reference FROM gateway_charges WHERE idempotency_key = $1',
    [chargeKey],
  );
  if (existing.rows[0] === undefined) throw new Error('a conflicting charge vanished');
  return existing.rows[0].reference;
}

/**
 * Books a refund against a charge in the ledger (once: refunding again changes nothing). False when
 * the gateway never booked that reference, so there is nothing to give back.
 */
export async function refundCharge(pool: Pool, reference: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE gateway_charges SET refunded_at = COALESCE(refunded_at, now()) WHERE reference = $1`,
    [reference],
  );
  return rowCount === 1;
}

/**
 * The ledger as a gateway's settlement report shows it, for reconciliation: which references were
 * booked. A refunded charge was booked too (its payment is refunded, so it is not reconciled).
 */
export function gatewayLedger(pool: Pool): GatewayLedger {
  return {
    async booked(references) {
      if (references.length === 0) return new Set();
      const { rows } = await pool.query<{ reference: string }>(
        'SELECT reference FROM gateway_charges WHERE reference = ANY($1::text[])',
        [references],
      );
      return new Set(rows.map((row) => row.reference));
    },
  };
}
