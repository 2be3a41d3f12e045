import { Suspense, lazy, useEffect, useRef } from 'react';
import { AnnouncerProvider } from './components/announcer';
import { PageErrorBoundary } from './components/error-boundary';
import { CartPage } from './pages/cart-page';
import { CheckoutPage } from './pages/checkout-page';
import { NotFoundPage } from './pages/not-found-page';
import { OrderPage } from './pages/order-page';
import { ProductListPage } from './pages/product-list-page';
import { ProductPage } from './pages/product-page';
import { Link, useLocationPath } from './routing/navigation';
import { paths, routeOf } from './routing/routes';
import type { Route } from './routing/routes';
import { unitCount } from './shop/cart';
import { CartProvider, useCart } from './shop/cart-context';

/**
 * The workshop host's fault control room: loaded only when /control is opened, so not one byte
 * of it is in what a shopper downloads.
 */
const ControlRoom = lazy(() =>
  import('./control/control-room').then((module) => ({ default: module.ControlRoom })),
);

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'products':
      return <ProductListPage />;
    case 'product':
      return <ProductPage key={route.id} id={route.id} />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <CheckoutPage />;
    case 'order':
      return <OrderPage key={route.id} id={route.id} />;
    case 'not_found':
      return <NotFoundPage />;
    case 'control':
      // Not a page of the shop: App shows the control room in place of the whole shop.
      return null;
  }
}

function CartLink() {
  const { cart } = useCart();
  const units = unitCount(cart);
  return (
    <Link to={paths.cart} className="cart-link">
      Cart<span className="cart-count">{units}</span>
      <span className="visually-hidden">{units === 1 ? ' item' : ' items'}</span>
    </Link>
  );
}

/**
 * After a client-side navigation, focus goes to the new page's heading (as a page load would put
 * a screen reader at the top) and the view scrolls up; the first load leaves focus alone.
 */
function useFocusOnNavigation(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);
}

/** The shop: header with the cart, the page for the path, and a footer. */
export function App() {
  const path = useLocationPath();
  useFocusOnNavigation(path);
  if (routeOf(path).page === 'control') {
    return (
      <Suspense fallback={<p className="container">Loading the control room…</p>}>
        <ControlRoom />
      </Suspense>
    );
  }
  return (
    <CartProvider>
      <AnnouncerProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container header-row">
            <Link to={paths.products} className="brand">
              Faultline Outfitters
            </Link>
            <nav aria-label="Main">
              <ul>
                <li>
                  <Link to={paths.products} aria-current={path === '/' ? 'page' : undefined}>
                    Products
                  </Link>
                </li>
                <li>
                  <CartLink />
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="container" tabIndex={-1}>
          <PageErrorBoundary resetKey={path}>
            <Page route={routeOf(path)} />
          </PageErrorBoundary>
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>A demo shop: the cards are test cards and nothing is shipped.</p>
          </div>
        </footer>
      </AnnouncerProvider>
    </CartProvider>
  );
}
