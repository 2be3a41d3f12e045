-- Up Migration
-- The product the watcher's synthetic checkout buys (SYNTHETIC_PRODUCT_ID in libs/contracts): sold
-- by id, as order prices a cart (GET /products?ids=, GET /products/:id), but not listed by
-- GET /products, so shoppers browsing the shop never put it in a cart. Inventory seeds its stock.
ALTER TABLE products ADD COLUMN listed boolean NOT NULL DEFAULT true;

INSERT INTO products (id, sku, name, price_amount, currency, listed) VALUES
  ('prd_synthetic', 'FL-SYNTHETIC', 'Synthetic check item', 100, 'EUR', false);

-- Down Migration
DELETE FROM products WHERE id = 'prd_synthetic';
ALTER TABLE products DROP COLUMN listed;
