-- Up Migration
CREATE TABLE orders (
  id                    uuid PRIMARY KEY,
  idempotency_key       text NOT NULL UNIQUE,
  request_hash          text NOT NULL,
  customer_id           text NOT NULL,
  status                text NOT NULL CHECK (status IN
                          ('pending', 'paid', 'declined', 'rejected', 'payment_pending', 'failed')),
  items                 jsonb NOT NULL,
  total_amount          integer NOT NULL CHECK (total_amount > 0),
  currency              char(3) NOT NULL,
  reservation_id        uuid,
  reservation_settled   boolean NOT NULL DEFAULT false,
  payment_id            uuid,
  decline_code          text,
  failure_reason        text,
  payment_attempts      integer NOT NULL DEFAULT 0,
  next_attempt_at       timestamptz,
  -- The card, AES-256-GCM encrypted, only while the order may still be charged; erased when it settles.
  card_vault            bytea,
  response_status       integer,
  -- json, not jsonb: a replay must return the first answer byte for byte (jsonb reorders keys).
  response_body         json,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- The retry worker's queue: orders waiting for payment, and in-flight ones a crash left behind.
CREATE INDEX orders_retry_queue ON orders (next_attempt_at) WHERE status IN ('payment_pending', 'pending');
-- Paid or given-up orders whose reservation still has to be committed or released.
CREATE INDEX orders_unsettled_reservations ON orders (updated_at)
  WHERE reservation_settled = false AND status IN ('paid', 'declined', 'rejected', 'failed');

-- Down Migration
DROP TABLE orders;
