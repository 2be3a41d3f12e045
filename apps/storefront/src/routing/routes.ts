import { PRODUCT_ID } from '@faultline/contracts';

/** The pages of the shop, as client-side routes the gateway answers with index.html. */
export type Route =
  | { page: 'products' }
  | { page: 'product'; id: string }
  | { page: 'cart' }
  | { page: 'checkout' }
  | { page: 'order'; id: string }
  | { page: 'control' }
  | { page: 'not_found' };

const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/**
 * Which page a path shows: `/`, `/products/:id`, `/cart`, `/checkout`, `/orders/:id`, and the
 * workshop host's fault control room, `/control`.
 */
export function routeOf(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '/products') return { page: 'products' };
  if (path === '/cart') return { page: 'cart' };
  if (path === '/checkout') return { page: 'checkout' };
  if (path === '/control') return { page: 'control' };
  const [, section, raw, ...rest] = path.split('/');
  const id = raw === undefined ? undefined : decode(raw);
  if (rest.length === 0 && id !== undefined) {
    if (section === 'products' && PRODUCT_ID.test(id)) return { page: 'product', id };
    if (section === 'orders' && ORDER_ID.test(id)) return { page: 'order', id };
  }
  return { page: 'not_found' };
}

/** Paths of the pages, written once. */
export const paths = {
  products: '/',
  product: (id: string) => `/products/${encodeURIComponent(id)}`,
  cart: '/cart',
  checkout: '/checkout',
  order: (id: string) => `/orders/${encodeURIComponent(id)}`,
  control: '/control',
} as const;
