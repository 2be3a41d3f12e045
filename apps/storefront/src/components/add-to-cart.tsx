import type { ShopProduct } from '../api/shop-api';
import { useCart } from '../shop/cart-context';
import { stockStatus } from '../shop/stock';
import { useAnnounce } from './announcer';

/** "Add to cart" for one product: off when it is out of stock, and it says what it added. */
export function AddToCartButton({
  product,
  quantity = 1,
}: {
  product: ShopProduct;
  quantity?: number;
}) {
  const { dispatch } = useCart();
  const announce = useAnnounce();
  const status = stockStatus(product.available);
  return (
    <button
      type="button"
      className="button"
      disabled={!status.canBuy}
      onClick={() => {
        dispatch({
          type: 'add',
          line: {
            productId: product.id,
            sku: product.sku,
            name: product.name,
            unitPrice: product.price,
            quantity,
          },
          limit: product.available,
        });
        announce(`Added ${quantity === 1 ? '' : `${quantity} × `}${product.name} to your cart.`);
      }}
    >
      {status.canBuy ? 'Add to cart' : 'Sold out'}
      <span className="visually-hidden">: {product.name}</span>
    </button>
  );
}
