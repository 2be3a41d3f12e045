/**
 * Steady background traffic for the compose stack: shoppers browse the catalog, look at a product
 * and, a good part of the time, check out — with a card mix that includes the declining test cards,
 * so declines are part of "normal". Runs until stopped (compose restarts it if it ever exits).
 *
 *   CATALOG_URL  (default http://localhost:3001)   ORDER_URL  (default http://localhost:3003)
 *   SHOPPERS_RATE  iterations per second (default 4)
 */
import { check, sleep } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';

const CATALOG_URL = __ENV['CATALOG_URL'] ?? 'http://localhost:3001';
const ORDER_URL = __ENV['ORDER_URL'] ?? 'http://localhost:3003';
const RATE = Number(__ENV['SHOPPERS_RATE'] ?? '4');

export const options: Options = {
  scenarios: {
    // @types/k6 declares scenario configs as classes; k6 itself takes plain objects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    shoppers: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: '720h',
      preAllocatedVUs: 10,
      maxVUs: 60,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.05'],
    'http_req_duration{name:GET /products}': ['p(95)<250', 'p(99)<500'],
    'http_req_duration{name:POST /orders}': ['p(95)<1000', 'p(99)<2000'],
    checks: ['rate>0.95'],
  },
};

// A decline (402) or an empty shelf (409) is the shop answering correctly, not a failed request.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 402, 409));

/** Mostly good Visa and Mastercard cards, plus the two declining test cards. */
const CARDS: [number, string][] = [
  [0.8, '4242424242424242'],
  [0.92, '5555555555554444'],
  [0.96, '4000000000000002'],
  [1, '4000000000009995'],
];

interface Product {
  id: string;
}

const pickCard = (): string => {
  const roll = Math.random();
  return (CARDS.find(([upTo]) => roll < upTo) ?? CARDS[0])?.[1] ?? '4242424242424242';
};

export default function shop(): void {
  const list = http.get(`${CATALOG_URL}/products`, { tags: { name: 'GET /products' } });
  check(list, { 'products listed': (r) => r.status === 200 });
  const items = (list.json('items') ?? []) as unknown as Product[];
  const product = items[Math.floor(Math.random() * items.length)];
  if (!product) return;

  const view = http.get(`${CATALOG_URL}/products/${product.id}`, {
    tags: { name: 'GET /products/:id' },
  });
  check(view, { 'product shown': (r) => r.status === 200 });
  sleep(Math.random());

  if (Math.random() < 0.6) {
    const order = http.post(
      `${ORDER_URL}/orders`,
      JSON.stringify({
        customerId: `shopper-${__VU}`,
        items: [{ productId: product.id, quantity: 1 + Math.floor(Math.random() * 2) }],
        payment: { cardNumber: pickCard(), expiry: '12/30', cvv: '123' },
      }),
      {
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `k6-${__VU}-${__ITER}-${Date.now()}`,
        },
        tags: { name: 'POST /orders' },
      },
    );
    check(order, { 'checkout answered': (r) => [201, 202, 402, 409].includes(r.status) });
  }
}
