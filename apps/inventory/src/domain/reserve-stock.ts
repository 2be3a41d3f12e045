import { AppError, annotateActiveSpan, isAppError } from '@faultline/instrumented';
import type { ReservationRepository } from './ports';
import { sameItems } from './reservation';
import type { Reservation, ReservationItem } from './reservation';
import { takeEveryItem } from './take-stock';
import type { ReservationDeps } from './reservation-deps';

export interface ReserveRequest {
  orderId: string;
  /** Each SKU at most once. */
  items: ReservationItem[];
  ttlSeconds: number;
}

export interface Reserved {
  reservation: Reservation;
  /** The order already had this reservation: nothing new was reserved. */
  replayed: boolean;
}

/**
 * Holds stock for an order until it is committed, released or expires: every item or none, never
 * more than is available, and once per order (asking again with the same items replays the first).
 */
export async function reserveStock(
  { transactions, outcomes }: ReservationDeps,
  request: ReserveRequest,
): Promise<Reserved> {
  annotateActiveSpan({ 'order.id': request.orderId });
  try {
    const reserved = await transactions.run(async ({ reservations, stock }) => {
      // Claims the order first: a concurrent request for the same order waits here, then replays.
      // The items go in with it; a SKU unknown or short of stock below rolls the whole claim back.
      const reservation = await reservations.create(
        request.orderId,
        request.ttlSeconds,
        request.items,
      );
      if (reservation === undefined) return replay(reservations, request);
      await takeEveryItem(stock, request.items);
      return { reservation, replayed: false };
    });
    annotateActiveSpan({
      'reservation.id': reserved.reservation.id,
      'reservation.outcome': reserved.replayed ? 'replayed' : 'reserved',
    });
    if (!reserved.replayed) outcomes.count('reserved');
    return reserved;
  } catch (error) {
    if (isAppError(error)) {
      annotateActiveSpan({ 'reservation.outcome': error.code });
      if (error.code === 'insufficient_stock' || error.code === 'unknown_sku') {
        outcomes.count(error.code);
      }
    }
    throw error;
  }
}

/** The order's existing reservation, if it asked for the same items. */
async function replay(
  reservations: ReservationRepository,
  request: ReserveRequest,
): Promise<Reserved> {
  const existing = await reservations.findByOrderId(request.orderId);
  if (!existing) throw new Error(`order ${request.orderId} conflicted but has no reservation`);
  if (!sameItems(existing.items, request.items)) {
    throw new AppError(
      'reservation_conflict',
      409,
      `Order ${request.orderId} already has a reservation with different items.`,
      { extensions: { reservation_id: existing.id } },
    );
  }
  return { reservation: existing, replayed: true };
}
