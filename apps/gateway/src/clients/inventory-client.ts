import { stockLevelSchema, stockListSchema } from '@faultline/contracts';
import { createServiceClient } from '@faultline/instrumented';
import type { Stock } from '../domain/ports';
import type { UpstreamOptions } from './catalog-client';
import { readAnswer, unexpectedAnswer } from './read-answer';

/**
 * Inventory's stock levels, read with the services' SERVICE_TOKEN (inventory is internal). No
 * retry: a product page goes on without stock rather than wait for a second try, and the breaker
 * makes that quick while inventory is down.
 */
export function inventoryClient(
  options: UpstreamOptions & { serviceToken: string },
): Stock & { close(): void } {
  const client = createServiceClient({ peerService: 'inventory', ...options });
  return {
    async levels() {
      const answer = await client.call({ method: 'GET', path: '/stock' });
      if (answer.status !== 200) throw unexpectedAnswer('inventory', 'a stock list', answer.status);
      const { items } = readAnswer('inventory', 'a stock list', stockListSchema, answer);
      return new Map(items.map((level) => [level.sku, level.available]));
    },
    async level(sku) {
      const answer = await client.call({
        method: 'GET',
        path: `/stock/${encodeURIComponent(sku)}`,
      });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200)
        throw unexpectedAnswer('inventory', 'a stock level', answer.status);
      return readAnswer('inventory', 'a stock level', stockLevelSchema, answer).available;
    },
    close: () => {
      client.close();
    },
  };
}
