import { productListSchema, productSchema } from '@faultline/contracts';
import { createServiceClient } from '@faultline/instrumented';
import type { CallInterceptor, Logger, Metrics } from '@faultline/instrumented';
import type { Catalog } from '../domain/ports';
import { readAnswer, unexpectedAnswer } from './read-answer';

/** What every client of an internal service is made with. */
export interface UpstreamOptions {
  baseUrl: string;
  timeoutMs: number;
  metrics: Metrics;
  logger: Logger;
  /** The gateway.http fault point on this client's calls (none without fault injection). */
  interceptor?: CallInterceptor;
}

/** Catalog's product reads, retried once (they are GETs) behind the default breaker. */
export function catalogClient(options: UpstreamOptions): Catalog & { close(): void } {
  const client = createServiceClient({
    peerService: 'catalog',
    ...options,
    retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
  });
  return {
    async list() {
      const answer = await client.call({ method: 'GET', path: '/products' });
      if (answer.status !== 200) throw unexpectedAnswer('catalog', 'a product list', answer.status);
      return readAnswer('catalog', 'a product list', productListSchema, answer).items;
    },
    async find(id) {
      const answer = await client.call({
        method: 'GET',
        path: `/products/${encodeURIComponent(id)}`,
      });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw unexpectedAnswer('catalog', 'a product', answer.status);
      return readAnswer('catalog', 'a product', productSchema, answer);
    },
    close: () => {
      client.close();
    },
  };
}
