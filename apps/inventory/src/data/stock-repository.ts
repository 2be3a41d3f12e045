import type { StockRepository } from '../domain/ports';
import { bySku } from '../domain/reservation';
import type { StockLevel } from '../domain/stock';
import type { Queryable } from './queryable';

/** Stock levels in Postgres, on the pool or on one transaction's client. */
export function stockRepository(db: Queryable): StockRepository {
  return {
    async list() {
      const { rows } = await db.query<StockLevel>('SELECT sku, available FROM stock ORDER BY sku');
      return rows;
    },
    async find(sku) {
      const { rows } = await db.query<StockLevel>(
        'SELECT sku, available FROM stock WHERE sku = $1',
        [sku],
      );
      return rows[0];
    },
    async set(sku, available) {
      const { rows } = await db.query<StockLevel>(
        `INSERT INTO stock (sku, available) VALUES ($1, $2)
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()
         RETURNING sku, available`,
        [sku, available],
      );
      const level = rows[0];
      if (!level) throw new Error(`setting the stock of ${sku} returned no row`);
      return level;
    },
    async take(sku, quantity) {
      // One conditional UPDATE: never below zero, and the row stays locked until the transaction ends.
      const { rowCount } = await db.query(
        `UPDATE stock SET available = available - $2, updated_at = now()
         WHERE sku = $1 AND available >= $2`,
        [sku, quantity],
      );
      return rowCount === 1;
    },
    async restore(items) {
      const totals = new Map<string, number>();
      for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
      const merged = bySku([...totals].map(([sku, quantity]) => ({ sku, quantity })));
      for (const { sku, quantity } of merged) {
        await db.query(
          'UPDATE stock SET available = available + $2, updated_at = now() WHERE sku = $1',
          [sku, quantity],
        );
      }
    },
  };
}
