import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

/** The shoppers' load: visits started a second, and the share of them that check out. */
export interface VisitLoad {
  visitRate: number;
  checkoutShare: number;
}

/** What the visits got. */
export interface VisitCounts {
  started: number;
  answered: number;
  non2xx: number;
  failed: number;
  /** Answers by endpoint and status, e.g. "POST /api/v1/orders 201". */
  statuses: Record<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The last part of a problem+json `type` (e.g. "inventory_unavailable"), or "". */
function problemOf(body: string): string {
  try {
    const { type } = JSON.parse(body) as { type?: unknown };
    return typeof type === 'string' ? (type.split(':').at(-1) ?? '') : '';
  } catch {
    return '';
  }
}

/**
 * Visits shaped like the k6 shop's (load-tests/lib/shop.ts), simpler: list the catalog, open one
 * product, check out one unit of it a share of the time and open the order — started at a fixed
 * rate (an open model, as k6's arrival-rate executors), however slow the answers. The k6 visit
 * opens 1.5–1.7 product pages on average and checks out carts of 1.6 products
 * (load-tests/lib/visit-mix.ts): the same checkouts a second, about a quarter fewer page views.
 */
export function visits(
  /** The gateway: visits use the public API, as the storefront and the k6 scripts do. */
  shop: string,
  options: VisitLoad,
): { stop(): Promise<VisitCounts> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = { started: 0, answered: 0, non2xx: 0, failed: 0 };
  const statuses: Record<string, number> = {};
  const call = (
    endpoint: string,
    url: string,
    method = 'GET',
    body?: string,
  ): Promise<string | undefined> =>
    new Promise((resolve) => {
      const headers: Record<string, string | number> = {};
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
        headers['idempotency-key'] = `bench-visit-${randomUUID()}`;
      }
      const req = request(url, { method, agent, headers, timeout: 15_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          counts.answered++;
          if ((res.statusCode ?? 0) >= 300) counts.non2xx++;
          const text = Buffer.concat(chunks).toString('utf8');
          const key = `${endpoint} ${res.statusCode ?? 0}${(res.statusCode ?? 0) >= 400 ? ` ${problemOf(text)}` : ''}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
          resolve(text);
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => {
        counts.failed++;
        resolve(undefined);
      });
      req.end(body);
    });
  const visit = async (): Promise<void> => {
    const api = `${shop}/api/v1`;
    const list = await call('GET /api/v1/products', `${api}/products`);
    const ids = list ? ((JSON.parse(list) as { items?: { id: string }[] }).items ?? []) : [];
    const product = ids[Math.floor(Math.random() * ids.length)]?.id;
    if (!product) return;
    await call('GET /api/v1/products/:id', `${api}/products/${product}`);
    if (Math.random() >= options.checkoutShare) return;
    const placed = await call(
      'POST /api/v1/orders',
      `${api}/orders`,
      'POST',
      JSON.stringify({
        customerId: 'bench-visitor',
        items: [{ productId: product, quantity: 1 }],
        payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
      }),
    );
    const orderId = placed ? (JSON.parse(placed) as { id?: string }).id : undefined;
    if (orderId) await call('GET /api/v1/orders/:id', `${api}/orders/${orderId}`);
  };
  const pending = new Set<Promise<void>>();
  const began = performance.now();
  const state = { running: true };
  // A call, not a property read: the loop must see `stop` flip it across its awaits.
  const running = (): boolean => state.running;
  const loop = (async () => {
    while (running()) {
      const due = began + (counts.started * 1000) / options.visitRate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (!running()) break;
      counts.started++;
      const done = visit().catch(() => undefined);
      pending.add(done);
      void done.then(() => pending.delete(done));
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      await Promise.all(pending);
      agent.destroy();
      return { ...counts, statuses };
    },
  };
}
