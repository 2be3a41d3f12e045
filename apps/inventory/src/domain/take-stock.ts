import { AppError } from '@faultline/instrumented';
import type { StockRepository } from './ports';
import { bySku } from './reservation';
import type { ReservationItem } from './reservation';

/** Takes each item's units in SKU order; the first one short aborts the whole reservation. */
export async function takeEveryItem(
  stock: StockRepository,
  items: readonly ReservationItem[],
): Promise<void> {
  for (const { sku, quantity } of bySku(items)) {
    if (await stock.take(sku, quantity)) continue;
    const level = await stock.find(sku);
    if (!level) {
      throw new AppError('unknown_sku', 422, `SKU ${sku} is not stocked.`, {
        extensions: { sku },
      });
    }
    throw new AppError(
      'insufficient_stock',
      409,
      `Only ${level.available} of SKU ${sku} available; ${quantity} requested.`,
      { extensions: { sku, available: level.available } },
    );
  }
}
