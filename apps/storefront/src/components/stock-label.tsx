import { stockStatus } from '../shop/stock';

/** "In stock", "Only 3 left", "Out of stock": in words, never by colour alone. */
export function StockLabel({ available }: { available: number | null }) {
  const status = stockStatus(available);
  return <span className={`stock stock-${status.tone}`}>{status.label}</span>;
}
