/** How many units of a SKU can still be reserved. */
export interface StockLevel {
  sku: string;
  available: number;
}

/** The most a SKU can be stocked with: well inside a Postgres integer, even with every unit returned. */
export const MAX_STOCK = 1_000_000_000;
