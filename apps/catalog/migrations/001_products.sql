-- Up Migration
CREATE TABLE products (
  id            text PRIMARY KEY,
  sku           text NOT NULL UNIQUE,
  name          text NOT NULL,
  price_amount  integer NOT NULL CHECK (price_amount > 0),
  currency      char(3) NOT NULL
);

-- Stable ids and SKUs: k6 scripts, the tutorial and the tests refer to them.
INSERT INTO products (id, sku, name, price_amount, currency) VALUES
  ('prd_01', 'FL-TENT-2P',   'Ridgeline 2-person tent',        24900, 'EUR'),
  ('prd_02', 'FL-BAG-10C',   'Ember down sleeping bag -10°C',  18900, 'EUR'),
  ('prd_03', 'FL-PAD-INF',   'Loft inflatable sleeping pad',    7900, 'EUR'),
  ('prd_04', 'FL-STOVE-GAS', 'Pocket gas stove',                3900, 'EUR'),
  ('prd_05', 'FL-POT-1L',    'Titanium pot 1 L',                4500, 'EUR'),
  ('prd_06', 'FL-LAMP-400',  'Headlamp 400 lm',                 3400, 'EUR'),
  ('prd_07', 'FL-PACK-45',   'Trail pack 45 L',                14900, 'EUR'),
  ('prd_08', 'FL-PACK-22',   'Day pack 22 L',                   6900, 'EUR'),
  ('prd_09', 'FL-JKT-RAIN',  'Storm rain jacket',              17900, 'EUR'),
  ('prd_10', 'FL-JKT-DOWN',  'Featherlight down jacket',       21900, 'EUR'),
  ('prd_11', 'FL-BOOT-MID',  'Summit mid hiking boots',        16900, 'EUR'),
  ('prd_12', 'FL-SOCK-MER',  'Merino hiking socks (2 pairs)',   2400, 'EUR'),
  ('prd_13', 'FL-POLE-CF',   'Carbon trekking poles',           8900, 'EUR'),
  ('prd_14', 'FL-FILTER-SQ', 'Squeeze water filter',            3900, 'EUR'),
  ('prd_15', 'FL-BOTTLE-1L', 'Insulated bottle 1 L',            2900, 'EUR'),
  ('prd_16', 'FL-MAP-ALPS',  'Alps trail map set',              1900, 'EUR'),
  ('prd_17', 'FL-KIT-FIRST', 'First-aid kit',                   2700, 'EUR'),
  ('prd_18', 'FL-KNIFE-FLD', 'Folding knife',                   3200, 'EUR'),
  ('prd_19', 'FL-GAITER',    'Trail gaiters',                   2900, 'EUR'),
  ('prd_20', 'FL-HAMMOCK',   'Ultralight hammock',              5900, 'EUR');

-- Down Migration
DROP TABLE products;
