-- Up Migration

-- One row per Idempotency-Key. Card data is brand + last four digits only: the full number and the
-- CVV never reach the database.
CREATE TABLE payments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key   text NOT NULL UNIQUE,
  -- sha256 of orderId, amount, currency, last4 and expiry: tells a replay from a reused key.
  request_hash      text NOT NULL,
  order_id          text NOT NULL,
  amount            integer NOT NULL CHECK (amount > 0),
  currency          char(3) NOT NULL,
  card_brand        text NOT NULL,
  card_last4        char(4) NOT NULL,
  status            text NOT NULL CHECK (status IN ('processing', 'captured', 'declined', 'failed')),
  decline_code      text,
  gateway_reference text,
  fraud_score       real CHECK (fraud_score BETWEEN 0 AND 1),
  -- The exact answer given, replayed byte for byte for a final outcome.
  response_status   integer,
  response_body     jsonb,
  -- Set while a request holds the key; a lock older than STALE_PROCESSING_MS may be taken over.
  locked_at         timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'processing' OR locked_at IS NOT NULL),
  CHECK (status <> 'captured' OR gateway_reference IS NOT NULL),
  CHECK (status <> 'declined' OR decline_code IS NOT NULL),
  CHECK (status = 'processing' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);

CREATE INDEX payments_order_id_idx ON payments (order_id);

-- The simulated card gateway's own ledger (a real gateway keeps this on its side). One row per
-- charge key: charging the same key again returns the same reference, so a card is never charged
-- twice whatever happens to the payment service in between.
CREATE TABLE gateway_charges (
  idempotency_key text PRIMARY KEY,
  reference       text NOT NULL UNIQUE,
  amount          integer NOT NULL CHECK (amount > 0),
  currency        char(3) NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE gateway_charges;
DROP TABLE payments;
