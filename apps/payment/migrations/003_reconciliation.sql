-- Up Migration

-- Reconciliation compares each captured payment with the gateway's ledger once, and records on the
-- payment what it found: reconciled_at when the gateway booked the charge, unbooked_at when it never
-- did. A checked payment is never read again, so a run only reads what was captured since the last.
ALTER TABLE payments ADD COLUMN reconciled_at timestamptz;
ALTER TABLE payments ADD COLUMN unbooked_at timestamptz;
ALTER TABLE payments ADD CONSTRAINT payments_reconciliation_check
  CHECK (reconciled_at IS NULL OR unbooked_at IS NULL);

-- Captured payments not checked yet, oldest capture first. For a captured payment updated_at is when
-- it was captured: only its refund updates it afterwards, and that takes it out of this index. Rows
-- leave the index once checked, so it holds about one reconciliation interval of captures.
CREATE INDEX payments_to_reconcile_idx ON payments (updated_at)
  WHERE status = 'captured' AND reconciled_at IS NULL AND unbooked_at IS NULL;

-- The payments the gateway never booked, which every run totals by currency: few, unlike payments.
CREATE INDEX payments_unbooked_idx ON payments (currency, amount)
  WHERE unbooked_at IS NOT NULL;

-- Payments captured before reconciliation existed whose charge the gateway booked are reconciled
-- here, in one statement, so the first runs do not work through the whole history batch by batch.
-- The unbooked ones are left for the reconciler to find, report and count.
UPDATE payments p
   SET reconciled_at = now()
 WHERE p.status = 'captured'
   AND EXISTS (SELECT 1 FROM gateway_charges g WHERE g.reference = p.gateway_reference);

-- Down Migration
DROP INDEX payments_unbooked_idx;
DROP INDEX payments_to_reconcile_idx;
ALTER TABLE payments DROP CONSTRAINT payments_reconciliation_check;
ALTER TABLE payments DROP COLUMN unbooked_at;
ALTER TABLE payments DROP COLUMN reconciled_at;
