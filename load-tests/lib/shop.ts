/**
 * One shopper's visit, shared by every script in load-tests/: list the catalog, open a few product
 * pages and, on the share of visits that buy, check out a cart of one to four products with a card
 * from a mix that includes the declining test cards, then open the order. What a visit does is
 * decided by lib/visit-mix.ts (the numbers, pure); this file makes the requests. Every request is
 * tagged with its endpoint (thresholds select on it) and the same `name` (k6 then reports that
 * instead of the URL, so product and order ids never become metric series); every answer is checked.
 *
 *   SHOP_URL  (default http://localhost:8080): the edge gateway, the one address a browser knows
 */
import { check, sleep } from 'k6';
import type { JSONValue } from 'k6';
import http from 'k6/http';
import type { Params, Response } from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Threshold } from 'k6/options';
import { CARDS, MOST_SECONDS_ON_A_PAGE, pick, pickProducts, planVisit } from './visit-mix.ts';
import type { Visit } from './visit-mix.ts';

export type { Visit };

/** The shop's public API, as the storefront calls it: through the gateway, never a service directly. */
const API = `${__ENV['SHOP_URL'] ?? 'http://localhost:8080'}/api/v1`;

/** Every endpoint a shopper calls, as its requests are tagged. */
export const ENDPOINTS = [
  'GET /api/v1/products',
  'GET /api/v1/products/:id',
  'POST /api/v1/orders',
  'GET /api/v1/orders/:id',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** Milliseconds each endpoint's 95th and 99th percentile must stay under. */
export type LatencyLimits = Record<Endpoint, readonly [p95: number, p99: number]>;

/** `http_req_duration{endpoint:…}` thresholds for every endpoint. */
export function latencyThresholds(limits: LatencyLimits): Record<string, Threshold[]> {
  return Object.fromEntries(
    ENDPOINTS.map((endpoint) => {
      const [p95, p99] = limits[endpoint];
      return [`http_req_duration{endpoint:${endpoint}}`, [`p(95)<${p95}`, `p(99)<${p99}`]];
    }),
  );
}

/** `http_reqs{endpoint:…}` thresholds that fail the run unless every endpoint was called. */
export function everyEndpointCalled(): Record<string, Threshold[]> {
  return Object.fromEntries(
    ENDPOINTS.map((endpoint) => [`http_reqs{endpoint:${endpoint}}`, ['count>0']]),
  );
}

/** What a shopper's checkouts came to, by outcome (k6_shop_checkouts_total in Prometheus). */
const checkouts = new Counter('shop_checkouts');

const OUTCOMES: Partial<Record<number, string>> = {
  201: 'paid',
  202: 'payment_pending',
  402: 'declined',
  409: 'out_of_stock',
};

// A decline (402) or an empty shelf (409) is the shop answering a checkout correctly, not a failed
// request; every other endpoint keeps k6's default (2xx and 3xx expected).
const CHECKOUT_ANSWERS = http.expectedStatuses({ min: 200, max: 299 }, 402, 409);

/** December, two years ahead: never expired, whenever this runs. */
const EXPIRY = `12/${String((new Date().getUTCFullYear() + 2) % 100).padStart(2, '0')}`;

const tagged = (endpoint: Endpoint): Params => ({ tags: { endpoint, name: endpoint } });

/** Unique across VUs, iterations and k6 runs side by side: the same key would replay an order. */
const idempotencyKey = (): string =>
  `k6-${__VU}-${__ITER}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** The answer's JSON body; undefined when there is none or it is not JSON. */
function bodyOf(res: Response): JSONValue | undefined {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}

function field(value: JSONValue | undefined, key: string): JSONValue | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value[key]
    : undefined;
}

/** GET /products: the ids of the products listed. */
function browse(): string[] {
  const res = http.get(`${API}/products`, tagged('GET /api/v1/products'));
  const items = field(bodyOf(res), 'items');
  const ids = (Array.isArray(items) ? items : [])
    .map((item) => field(item, 'id'))
    .filter((id): id is string => typeof id === 'string');
  check(res, { 'catalog lists products': (r) => r.status === 200 && ids.length > 0 });
  return ids;
}

/** GET /products/:id */
function viewProduct(productId: string): void {
  const res = http.get(`${API}/products/${productId}`, tagged('GET /api/v1/products/:id'));
  check(res, {
    'product page shows the product': (r) =>
      r.status === 200 && field(bodyOf(r), 'id') === productId,
  });
}

interface CartLine {
  productId: string;
  quantity: number;
}

/** POST /orders with the cart; the new order's id when it was placed. */
function checkout(items: readonly CartLine[]): string | undefined {
  const res = http.post(
    `${API}/orders`,
    JSON.stringify({
      customerId: `shopper-${__VU}`,
      items,
      payment: { cardNumber: pick(CARDS, Math.random()), expiry: EXPIRY, cvv: '123' },
    }),
    {
      ...tagged('POST /api/v1/orders'),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey(),
      },
      responseCallback: CHECKOUT_ANSWERS,
    },
  );
  const outcome = OUTCOMES[res.status];
  checkouts.add(1, { outcome: outcome ?? 'unexpected' });
  check(res, {
    'checkout answered: paid, pending, declined or sold out': () => outcome !== undefined,
  });
  const orderId = field(bodyOf(res), 'id');
  return (res.status === 201 || res.status === 202) && typeof orderId === 'string'
    ? orderId
    : undefined;
}

/** GET /orders/:id, as the confirmation page does after a checkout. */
function viewOrder(orderId: string): void {
  const res = http.get(`${API}/orders/${orderId}`, tagged('GET /api/v1/orders/:id'));
  check(res, {
    'order page shows the order': (r) => r.status === 200 && field(bodyOf(r), 'id') === orderId,
  });
}

/** A moment on the page in front of the shopper, before their next click. */
const read = (): void => {
  sleep(Math.random() * MOST_SECONDS_ON_A_PAGE);
};

/**
 * One visit: list the catalog, open the product pages the plan says (reading each page before the
 * next click, never after the last one, where it would only hold a VU), and, when the visit buys,
 * check out the first products opened and open the order.
 */
export function shop(visit: Visit): void {
  const plan = planVisit(visit, Math.random);
  const ids = browse();
  const products = pickProducts(ids, plan.productPages, Math.random);
  for (const productId of products) {
    read();
    viewProduct(productId);
  }
  // Fewer lines than planned only when the catalog lists fewer products than the visit wanted.
  const cart = plan.cart.flatMap((quantity, i): CartLine[] => {
    const productId = products[i];
    return productId === undefined ? [] : [{ productId, quantity }];
  });
  if (cart.length === 0) return;
  read();
  const orderId = checkout(cart);
  if (orderId !== undefined) viewOrder(orderId);
}
