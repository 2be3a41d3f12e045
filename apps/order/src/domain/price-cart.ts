import { AppError, isServiceCallError } from '@faultline/instrumented';
import type { Money, OrderLine } from './order';
import type { CatalogClient } from './ports';

export interface CartItem {
  productId: string;
  quantity: number;
}

/** Prices the cart from the catalog: unknown products → 422, catalog down → 503 (nothing written). */
export async function priceCart(
  items: readonly CartItem[],
  catalog: CatalogClient,
): Promise<{ lines: OrderLine[]; total: Money }> {
  let products;
  try {
    products = await catalog.findProducts(items.map((item) => item.productId));
  } catch (error) {
    throw new AppError(
      'catalog_unavailable',
      503,
      'Prices cannot be looked up right now; try again shortly.',
      {
        cause: error,
        extensions: isServiceCallError(error) ? { reason: error.kind } : {},
      },
    );
  }
  const byId = new Map(products.map((product) => [product.id, product]));
  const unknown = items.filter((item) => !byId.has(item.productId)).map((item) => item.productId);
  if (unknown.length > 0) {
    throw new AppError('unknown_product', 422, `Unknown product: ${unknown.join(', ')}.`, {
      extensions: { product_ids: unknown },
    });
  }
  const lines = items.map((item): OrderLine => {
    const product = byId.get(item.productId);
    if (!product) throw new Error('unreachable: checked above');
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unitPrice: product.price,
    };
  });
  const currencies = new Set(lines.map((line) => line.unitPrice.currency));
  const currency = [...currencies][0];
  if (currencies.size !== 1 || currency === undefined) {
    throw new AppError('mixed_currencies', 422, 'All products of one order must share a currency.');
  }
  const amount = lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  return { lines, total: { amount, currency } };
}
