-- Up Migration
-- Stock of the watcher's synthetic check item (apps/catalog/migrations/002_synthetic_check_item.sql),
-- at the most a SKU may hold (MAX_STOCK): one synthetic checkout every 30 s takes one unit, so it
-- would last about 950 years and the checks never touch the stock of what customers buy.
INSERT INTO stock (sku, available) VALUES ('FL-SYNTHETIC', 1000000000)
ON CONFLICT (sku) DO NOTHING;

-- Down Migration
DELETE FROM stock WHERE sku = 'FL-SYNTHETIC';
