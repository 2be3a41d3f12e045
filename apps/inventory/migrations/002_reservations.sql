-- Up Migration
CREATE TABLE reservations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One reservation per order: a retried checkout replays it instead of reserving twice.
  order_id    text NOT NULL UNIQUE,
  status      text NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'committed', 'released', 'expired')),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What the sweeper scans: pending reservations by expiry.
CREATE INDEX reservations_pending_expiry ON reservations (expires_at) WHERE status = 'pending';

CREATE TABLE reservation_items (
  reservation_id  uuid NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  sku             text NOT NULL REFERENCES stock (sku),
  quantity        integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, sku)
);

CREATE INDEX reservation_items_sku ON reservation_items (sku);

-- Down Migration
DROP TABLE reservation_items;
DROP TABLE reservations;
