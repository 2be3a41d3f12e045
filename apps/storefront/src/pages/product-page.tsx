import { useState } from 'react';
import { isApiError } from '../api/api-error';
import { getProduct } from '../api/shop-api';
import { AddToCartButton } from '../components/add-to-cart';
import { LoadProblem } from '../components/load-problem';
import { usePageTitle } from '../components/page-title';
import { StockLabel } from '../components/stock-label';
import { useResource } from '../components/use-resource';
import { Link } from '../routing/navigation';
import { paths } from '../routing/routes';
import { maxQuantity } from '../shop/cart';
import { formatMoney } from '../shop/money';
import { stockStatus } from '../shop/stock';

/** One product: its price, its stock and a quantity to put in the cart. */
export function ProductPage({ id }: { id: string }) {
  const [product, reload] = useResource(`product:${id}`, (signal) => getProduct(id, signal));
  const [quantity, setQuantity] = useState(1);
  usePageTitle(product.state === 'ready' ? product.value.name : 'Product');

  if (product.state === 'loading') {
    return (
      <>
        <h1 tabIndex={-1}>Product</h1>
        <p role="status">Loading the product…</p>
      </>
    );
  }
  if (product.state === 'failed') {
    const missing = isApiError(product.error) && product.error.status === 404;
    return (
      <>
        <h1 tabIndex={-1}>{missing ? 'We cannot find that product' : 'Product'}</h1>
        {missing ? (
          <p>
            It may no longer be sold. <Link to={paths.products}>See all products</Link>.
          </p>
        ) : (
          <LoadProblem error={product.error} what="the product" retry={reload} />
        )}
      </>
    );
  }

  const item = product.value;
  const limit = maxQuantity(item.available);
  const canBuy = stockStatus(item.available).canBuy;
  return (
    <article className="product-page">
      <p>
        <Link to={paths.products}>← All products</Link>
      </p>
      <h1 tabIndex={-1}>{item.name}</h1>
      <p className="price price-large">{formatMoney(item.price)}</p>
      <p>
        <StockLabel available={item.available} />
      </p>
      <p className="muted">Article number {item.sku}</p>
      {canBuy && (
        <div className="buy-row">
          <label htmlFor="quantity">Quantity</label>
          <input
            id="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={limit}
            value={quantity}
            onChange={(event) => {
              const next = Number(event.target.value);
              setQuantity(
                Number.isFinite(next) ? Math.min(Math.max(1, Math.trunc(next)), limit) : 1,
              );
            }}
          />
          <AddToCartButton product={item} quantity={quantity} />
        </div>
      )}
      {!canBuy && <p>This product is out of stock right now.</p>}
    </article>
  );
}
