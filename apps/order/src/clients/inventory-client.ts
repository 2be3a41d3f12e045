import { createServiceClient } from '@faultline/instrumented';
import type { DownstreamOptions } from './catalog-client';

export interface ReservationRequest {
  orderId: string;
  items: { sku: string; quantity: number }[];
  ttlSeconds: number;
}

export type ReserveResult =
  | { outcome: 'reserved'; reservationId: string }
  | { outcome: 'insufficient_stock'; sku: string; available: number }
  | { outcome: 'unknown_sku'; sku: string };

export interface InventoryClient {
  /** Reserves stock for an order; replays for the same order id. Transient failures throw. */
  reserve(request: ReservationRequest): Promise<ReserveResult>;
  /** Commits a reservation after payment. Idempotent. */
  commit(reservationId: string): Promise<void>;
  /** Gives the stock back. Idempotent; an already expired reservation counts as released. */
  release(reservationId: string): Promise<void>;
  close(): void;
}

interface Problem {
  code?: string;
  sku?: string;
  available?: number;
}

export function inventoryClient(options: DownstreamOptions): InventoryClient {
  const client = createServiceClient({
    peerService: 'inventory',
    ...options,
    retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  });
  const settle = async (reservationId: string, action: 'commit' | 'release'): Promise<void> => {
    const response = await client.call<Problem>({
      method: 'POST',
      path: `/reservations/${encodeURIComponent(reservationId)}/${action}`,
      idempotencyKey: `${action}-${reservationId}`,
    });
    if (response.status !== 200) {
      throw new Error(
        `inventory refused to ${action} reservation ${reservationId}: ${response.body.code ?? response.status}`,
      );
    }
  };
  return {
    async reserve(request) {
      const response = await client.call<Problem & { id?: string }>({
        method: 'POST',
        path: '/reservations',
        body: request,
        idempotencyKey: request.orderId,
      });
      const body = response.body;
      if ((response.status === 200 || response.status === 201) && body.id !== undefined) {
        return { outcome: 'reserved', reservationId: body.id };
      }
      if (response.status === 409 && body.code === 'insufficient_stock') {
        return {
          outcome: 'insufficient_stock',
          sku: body.sku ?? '',
          available: body.available ?? 0,
        };
      }
      if (response.status === 422 && body.code === 'unknown_sku') {
        return { outcome: 'unknown_sku', sku: body.sku ?? '' };
      }
      throw new Error(
        `inventory answered ${response.status} (${body.code ?? 'no code'}) to a reservation`,
      );
    },
    commit: (reservationId) => settle(reservationId, 'commit'),
    release: (reservationId) => settle(reservationId, 'release'),
    close: () => {
      client.close();
    },
  };
}
