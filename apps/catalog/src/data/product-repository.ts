import type { Pool } from '@faultline/postgres';
import type { ProductRepository } from '../domain/ports';
import type { Product } from '../domain/product';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  price_amount: number;
  currency: string;
}

const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  price: { amount: row.price_amount, currency: row.currency },
});

const COLUMNS = 'id, sku, name, price_amount, currency';

/** Products in Postgres. */
export function productRepository(pool: Pool): ProductRepository {
  return {
    async list() {
      const { rows } = await pool.query<ProductRow>(
        `SELECT ${COLUMNS} FROM products WHERE listed ORDER BY id`,
      );
      return rows.map(toProduct);
    },
    async findByIds(ids) {
      const { rows } = await pool.query<ProductRow>(
        `SELECT ${COLUMNS} FROM products WHERE id = ANY($1::text[]) ORDER BY id`,
        [ids],
      );
      return rows.map(toProduct);
    },
    async findById(id) {
      const { rows } = await pool.query<ProductRow>(
        `SELECT ${COLUMNS} FROM products WHERE id = $1`,
        [id],
      );
      return rows[0] === undefined ? undefined : toProduct(rows[0]);
    },
  };
}
