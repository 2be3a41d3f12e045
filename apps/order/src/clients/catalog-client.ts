import { productListSchema } from '@faultline/contracts';
import { createServiceClient } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { CatalogClient } from '../domain/ports';
import { readAnswer } from './read-answer';

export interface DownstreamOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Order's SERVICE_TOKEN, sent on every call (inventory and payment require it). */
  serviceToken: string;
  metrics: Metrics;
  logger: Logger;
}

export function catalogClient(options: DownstreamOptions): CatalogClient {
  const client = createServiceClient({
    peerService: 'catalog',
    ...options,
    retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
  });
  return {
    async findProducts(ids) {
      const response = await client.call({
        method: 'GET',
        path: `/products?ids=${ids.map(encodeURIComponent).join(',')}`,
      });
      if (response.status !== 200) {
        throw new Error(`catalog answered ${response.status} to a product lookup`);
      }
      return readAnswer('catalog', 'a product lookup', productListSchema, response).items;
    },
    close: () => {
      client.close();
    },
  };
}
