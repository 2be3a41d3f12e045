/** At or below this many units the shop says "Only N left". */
export const LOW_STOCK = 10;

/** What the shop says about stock, and whether the product can go in the cart. */
export interface StockStatus {
  label: string;
  tone: 'in' | 'low' | 'out' | 'unknown';
  canBuy: boolean;
}

/**
 * "In stock", "Only N left" or "Out of stock"; `null` (inventory did not answer the gateway) is
 * shown as unknown and still sellable: order checks the stock for real when the order is placed.
 */
export function stockStatus(available: number | null): StockStatus {
  if (available === null)
    return { label: 'Stock unknown right now', tone: 'unknown', canBuy: true };
  if (available <= 0) return { label: 'Out of stock', tone: 'out', canBuy: false };
  if (available <= LOW_STOCK) return { label: `Only ${available} left`, tone: 'low', canBuy: true };
  return { label: 'In stock', tone: 'in', canBuy: true };
}
