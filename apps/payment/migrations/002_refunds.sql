-- Up Migration

-- A captured payment can be refunded: the order it paid for could not get its goods (the stock
-- was given back while the charge was pending). The gateway books the refund against its charge.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('processing', 'captured', 'declined', 'failed', 'refunded'));
ALTER TABLE payments ADD COLUMN refunded_at timestamptz;
ALTER TABLE payments ADD CONSTRAINT payments_refunded_at_check
  CHECK ((status = 'refunded') = (refunded_at IS NOT NULL));

ALTER TABLE gateway_charges ADD COLUMN refunded_at timestamptz;

-- Down Migration
ALTER TABLE gateway_charges DROP COLUMN refunded_at;
ALTER TABLE payments DROP CONSTRAINT payments_refunded_at_check;
ALTER TABLE payments DROP COLUMN refunded_at;
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('processing', 'captured', 'declined', 'failed'));
