-- Up Migration

-- refund_pending: the card was charged but the goods could not be taken (the stock went back while
-- the payment was pending, and is sold); the worker gives the money back, then fails the order.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
  ('pending', 'paid', 'declined', 'rejected', 'payment_pending', 'failed', 'refund_pending'));

-- Worker tries at settling an order after its payment (commit or release the stock, refund the
-- charge): bounded like payment tries, with the same backoff.
ALTER TABLE orders ADD COLUMN settle_attempts integer NOT NULL DEFAULT 0;

DROP INDEX orders_retry_queue;
CREATE INDEX orders_retry_queue ON orders (next_attempt_at)
  WHERE status IN ('payment_pending', 'pending', 'refund_pending');

-- Down Migration
DROP INDEX orders_retry_queue;
CREATE INDEX orders_retry_queue ON orders (next_attempt_at) WHERE status IN ('payment_pending', 'pending');
ALTER TABLE orders DROP COLUMN settle_attempts;
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN
  ('pending', 'paid', 'declined', 'rejected', 'payment_pending', 'failed'));
