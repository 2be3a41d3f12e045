import { MAX_CHECKOUT_QUANTITY } from '@faultline/contracts';
import { useAnnounce } from '../components/announcer';
import { usePageTitle } from '../components/page-title';
import { Link } from '../routing/navigation';
import { paths } from '../routing/routes';
import { cartTotal } from '../shop/cart';
import { useCart } from '../shop/cart-context';
import { formatMoney, timesQuantity } from '../shop/money';

/** The cart: each line's quantity to change or remove, the total, and the way to checkout. */
export function CartPage() {
  usePageTitle('Your cart');
  const { cart, dispatch } = useCart();
  const announce = useAnnounce();
  const total = cartTotal(cart);

  if (cart.length === 0) {
    return (
      <>
        <h1 tabIndex={-1}>Your cart</h1>
        <p>Your cart is empty.</p>
        <p>
          <Link to={paths.products}>Browse the products</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <h1 tabIndex={-1}>Your cart</h1>
      <ul className="cart-lines" aria-label="Items in your cart">
        {cart.map((line) => {
          const inputId = `quantity-${line.productId}`;
          return (
            <li key={line.productId} className="cart-line">
              <div className="cart-line-name">
                <Link to={paths.product(line.productId)}>{line.name}</Link>
                <span className="muted">{formatMoney(line.unitPrice)} each</span>
              </div>
              <div className="cart-line-quantity">
                <label htmlFor={inputId}>
                  Quantity<span className="visually-hidden"> of {line.name}</span>
                </label>
                <input
                  id={inputId}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={MAX_CHECKOUT_QUANTITY}
                  value={line.quantity}
                  onChange={(event) => {
                    dispatch({
                      type: 'set_quantity',
                      productId: line.productId,
                      quantity: Number(event.target.value),
                    });
                  }}
                />
              </div>
              <p className="cart-line-total">
                {formatMoney(timesQuantity(line.unitPrice, line.quantity))}
              </p>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  dispatch({ type: 'remove', productId: line.productId });
                  announce(`Removed ${line.name} from your cart.`);
                }}
              >
                Remove<span className="visually-hidden"> {line.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {total && (
        <p className="cart-total">
          Total <strong>{formatMoney(total)}</strong>
        </p>
      )}
      <p className="muted">Prices are confirmed when you place the order.</p>
      <p>
        <Link className="button" to={paths.checkout}>
          Go to checkout
        </Link>
      </p>
    </>
  );
}
