-- Up Migration
CREATE TABLE stock (
  sku         text PRIMARY KEY,
  available   integer NOT NULL CHECK (available >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The catalog's 20 SKUs (apps/catalog/migrations/001_products.sql), stocked deep enough that
-- steady k6 traffic never runs out; tests and workshop hosts restock with PUT /stock/:sku.
INSERT INTO stock (sku, available) VALUES
  ('FL-TENT-2P',   100000),
  ('FL-BAG-10C',   100000),
  ('FL-PAD-INF',   100000),
  ('FL-STOVE-GAS', 100000),
  ('FL-POT-1L',    100000),
  ('FL-LAMP-400',  100000),
  ('FL-PACK-45',   100000),
  ('FL-PACK-22',   100000),
  ('FL-JKT-RAIN',  100000),
  ('FL-JKT-DOWN',  100000),
  ('FL-BOOT-MID',  100000),
  ('FL-SOCK-MER',  100000),
  ('FL-POLE-CF',   100000),
  ('FL-FILTER-SQ', 100000),
  ('FL-BOTTLE-1L', 100000),
  ('FL-MAP-ALPS',  100000),
  ('FL-KIT-FIRST', 100000),
  ('FL-KNIFE-FLD', 100000),
  ('FL-GAITER',    100000),
  ('FL-HAMMOCK',   100000);

-- Down Migration
DROP TABLE stock;
