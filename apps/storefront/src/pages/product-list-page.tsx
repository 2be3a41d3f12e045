import { listProducts } from '../api/shop-api';
import { AddToCartButton } from '../components/add-to-cart';
import { LoadProblem } from '../components/load-problem';
import { usePageTitle } from '../components/page-title';
import { StockLabel } from '../components/stock-label';
import { useResource } from '../components/use-resource';
import { Link } from '../routing/navigation';
import { paths } from '../routing/routes';
import { formatMoney } from '../shop/money';

/** Every product with its price and stock, each one a link to its page and a button for the cart. */
export function ProductListPage() {
  usePageTitle('Products');
  const [products, reload] = useResource('products', listProducts);
  return (
    <>
      <h1 tabIndex={-1}>Gear for the trail</h1>
      {products.state === 'loading' && <p role="status">Loading products…</p>}
      {products.state === 'failed' && (
        <LoadProblem error={products.error} what="the products" retry={reload} />
      )}
      {products.state === 'ready' && (
        <ul className="product-grid" aria-label="Products">
          {products.value.map((product) => (
            <li key={product.id} className="product-card">
              <h2>
                <Link to={paths.product(product.id)}>{product.name}</Link>
              </h2>
              <p className="price">{formatMoney(product.price)}</p>
              <p>
                <StockLabel available={product.available} />
              </p>
              <AddToCartButton product={product} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
