import {
  commitAnswerSchema,
  insufficientStockProblemSchema,
  releaseAnswerSchema,
  reservationSchema,
  unknownSkuProblemSchema,
} from '@faultline/contracts';
import { createServiceClient } from '@faultline/instrumented';
import type { InventoryClient } from '../domain/ports';
import type { DownstreamOptions } from './catalog-client';
import { problemCode, readAnswer } from './read-answer';

export function inventoryClient(options: DownstreamOptions): InventoryClient {
  const client = createServiceClient({
    peerService: 'inventory',
    ...options,
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  });
  const settle = (reservationId: string, action: 'commit' | 'release') =>
    client.call({
      method: 'POST',
      path: `/reservations/${encodeURIComponent(reservationId)}/${action}`,
      idempotencyKey: `${action}-${reservationId}`,
    });
  const refused = (reservationId: string, action: string, status: number, body: unknown) =>
    new Error(
      `inventory refused to ${action} reservation ${reservationId}: ${problemCode(body) ?? status}`,
    );
  return {
    async reserve(request) {
      const response = await client.call({
        method: 'POST',
        path: '/reservations',
        body: request,
        idempotencyKey: request.orderId,
      });
      const what = 'a reservation';
      if (response.status === 200 || response.status === 201) {
        const reservation = readAnswer('inventory', what, reservationSchema, response);
        return { outcome: 'reserved', reservationId: reservation.id };
      }
      const code = problemCode(response.body);
      if (response.status === 409 && code === 'insufficient_stock') {
        const short = readAnswer('inventory', what, insufficientStockProblemSchema, response);
        return { outcome: 'insufficient_stock', sku: short.sku, available: short.available };
      }
      if (response.status === 422 && code === 'unknown_sku') {
        const unknown = readAnswer('inventory', what, unknownSkuProblemSchema, response);
        return { outcome: 'unknown_sku', sku: unknown.sku };
      }
      throw new Error(
        `inventory answered ${response.status} (${code ?? 'no code'}) to a reservation`,
      );
    },
    async commit(reservationId) {
      const response = await settle(reservationId, 'commit');
      if (response.status === 200) {
        readAnswer('inventory', 'a commit', commitAnswerSchema, response);
        return { committed: true };
      }
      if (response.status === 409 && problemCode(response.body) === 'insufficient_stock')
        return { committed: false, reason: 'stock_gone' };
      if (response.status === 404) return { committed: false, reason: 'reservation_missing' };
      throw refused(reservationId, 'commit', response.status, response.body);
    },
    async release(reservationId) {
      const response = await settle(reservationId, 'release');
      if (response.status !== 200)
        throw refused(reservationId, 'release', response.status, response.body);
      readAnswer('inventory', 'a release', releaseAnswerSchema, response);
    },
    close: () => {
      client.close();
    },
  };
}
