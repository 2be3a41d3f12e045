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

/** Whether the paid order's units are now taken for good, or can no longer be. */
export type CommitResult =
  { committed: true } | { committed: false; reason: 'stock_gone' | 'reservation_missing' };

export interface InventoryClient {
  /** Reserves stock for an order; replays for the same order id. Transient failures throw. */
  reserve(request: ReservationRequest): Promise<ReserveResult>;
  /**
   * Commits a reservation after payment (idempotent; one whose stock went back takes it again if
   * it can). `committed: false` is final: the units are sold. Transient failures throw.
   */
  commit(reservationId: string): Promise<CommitResult>;
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
  const settle = (reservationId: string, action: 'commit' | 'release') =>
    client.call<Problem>({
      method: 'POST',
      path: `/reservations/${encodeURIComponent(reservationId)}/${action}`,
      idempotencyKey: `${action}-${reservationId}`,
    });
  const refused = (reservationId: string, action: string, status: number, code?: string) =>
    new Error(`inventory refused to ${action} reservation ${reservationId}: ${code ?? status}`);
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
    async commit(reservationId) {
      const response = await settle(reservationId, 'commit');
      if (response.status === 200) return { committed: true };
      if (response.status === 409 && response.body.code === 'insufficient_stock')
        return { committed: false, reason: 'stock_gone' };
      if (response.status === 404) return { committed: false, reason: 'reservation_missing' };
      throw refused(reservationId, 'commit', response.status, response.body.code);
    },
    async release(reservationId) {
      const response = await settle(reservationId, 'release');
      if (response.status !== 200)
        throw refused(reservationId, 'release', response.status, response.body.code);
    },
    close: () => {
      client.close();
    },
  };
}
