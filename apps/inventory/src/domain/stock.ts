/** How many units of a SKU can still be reserved. */
export interface StockLevel {
  sku: string;
  available: number;
}
