import { randomUUID } from 'node:crypto';

/** One HTTP answer (or a connection that got none) as a client saw it. */
export interface Seen {
  status: number | 'network';
  /** Retry-After, when the answer had one. */
  retryAfter: string | null;
  code: string | undefined;
}

/** A checkout from its first try to its final answer (the client retries under the same key). */
export interface Checkout {
  key: string;
  body: string;
  /** 201, 202, 402 or 409, or undefined when the client gave up retrying. */
  finalStatus: number | undefined;
  finalText: string | undefined;
  orderId: string | undefined;
  tries: number;
}

const PAYS = '4242424242424242';
const DECLINES = '4000000000000002';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a client can retry: no answer, a 503 (it says when), or a twin request still in flight. */
const retryable = (seen: Seen): boolean =>
  seen.status === 'network' ||
  seen.status === 503 ||
  (seen.status === 409 && seen.code === 'request_in_progress');

export interface ShoppersOptions {
  orderUrl: () => string;
  /** Product ids shoppers pick from. */
  products: readonly string[];
  /** Every answer every request got, for the 5xx census. */
  seen: Seen[];
  /** How long a client keeps retrying one checkout before it gives up. */
  patienceMs?: number;
}

/**
 * Well-behaved shoppers: each checkout has its own Idempotency-Key and is retried under it when the
 * shop does not answer, answers 503 (after its Retry-After) or says a twin request is in flight —
 * what the README tells clients to do. Every answer is recorded.
 */
export function shoppers(options: ShoppersOptions) {
  const patienceMs = options.patienceMs ?? 90_000;

  const send = async (key: string, body: string): Promise<{ seen: Seen; text: string }> => {
    try {
      const response = await fetch(`${options.orderUrl()}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {
        code = undefined;
      }
      return {
        seen: { status: response.status, retryAfter: response.headers.get('retry-after'), code },
        text,
      };
    } catch {
      return { seen: { status: 'network', retryAfter: null, code: undefined }, text: '' };
    }
  };

  /** One checkout, retried under its key until it has a final answer or patience runs out. */
  const checkout = async (key: string, body: string): Promise<Checkout> => {
    const deadline = Date.now() + patienceMs;
    for (let tries = 1; ; tries += 1) {
      const { seen, text } = await send(key, body);
      options.seen.push(seen);
      if (!retryable(seen)) {
        const orderId =
          seen.status === 201 || seen.status === 202
            ? (JSON.parse(text) as { id: string }).id
            : undefined;
        return { key, body, finalStatus: Number(seen.status), finalText: text, orderId, tries };
      }
      if (Date.now() > deadline) {
        return {
          key,
          body,
          finalStatus: undefined,
          finalText: undefined,
          orderId: undefined,
          tries,
        };
      }
      const waitS = Number(seen.retryAfter);
      await sleep(Number.isFinite(waitS) && waitS > 0 ? Math.min(waitS, 5) * 1000 : 300);
    }
  };

  const newBody = (n: number): string => {
    const first = options.products[n % options.products.length] ?? 'prd_01';
    const second = options.products[(n * 7 + 3) % options.products.length] ?? 'prd_02';
    const items =
      first === second || n % 3 !== 0
        ? [{ productId: first, quantity: 1 + (n % 2) }]
        : [
            { productId: first, quantity: 1 },
            { productId: second, quantity: 1 },
          ];
    return JSON.stringify({
      customerId: `chaos-${n % 50}`,
      items,
      // One in eight is declined: its stock must come back.
      payment: { cardNumber: n % 8 === 7 ? DECLINES : PAYS, expiry: '12/39', cvv: '123' },
    });
  };

  return {
    checkout,
    /**
     * Starts checkouts at a fixed rate (open loop: a slow shop does not slow the arrivals) until
     * `stop()`; `done()` resolves with every checkout once the last one has its final answer.
     */
    steady(perSecond: number) {
      const started: Promise<Checkout>[] = [];
      let n = 0;
      const timer = setInterval(() => {
        started.push(checkout(randomUUID(), newBody(n)));
        n += 1;
      }, 1000 / perSecond);
      return {
        stop: () => {
          clearInterval(timer);
        },
        done: () => Promise.all(started),
      };
    },
    /** The same checkout sent `copies` times at once under one key. */
    async replayed(copies: number): Promise<Checkout[]> {
      const key = randomUUID();
      const body = newBody(Math.floor(Math.random() * 1000));
      return Promise.all(Array.from({ length: copies }, () => checkout(key, body)));
    },
  };
}
