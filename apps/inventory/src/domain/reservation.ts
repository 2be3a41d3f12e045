import { AppError } from '@faultline/instrumented';

/** Where a reservation is in its life: pending until committed, released or expired. */
export type ReservationStatus = 'pending' | 'committed' | 'released' | 'expired';

/** A quantity of one SKU held by a reservation. */
export interface ReservationItem {
  sku: string;
  quantity: number;
}

/** A reservation as the API shows it; items are in SKU order. */
export interface Reservation {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: string;
  items: ReservationItem[];
}

/** The items in SKU order, the order stock rows are always locked in (so transactions never deadlock). */
export const bySku = (items: readonly ReservationItem[]): ReservationItem[] =>
  [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));

/** Whether two item lists ask for the same quantities of the same SKUs, in any order. */
export function sameItems(a: readonly ReservationItem[], b: readonly ReservationItem[]): boolean {
  const left = bySku(a);
  const right = bySku(b);
  return (
    left.length === right.length &&
    left.every((item, i) => item.sku === right[i]?.sku && item.quantity === right[i].quantity)
  );
}

/** The 404 for a reservation id nobody created. */
export const reservationNotFound = (id: string): AppError =>
  new AppError('reservation_not_found', 404, `Reservation ${id} does not exist.`);
