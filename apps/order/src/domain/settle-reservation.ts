import type { Order } from './order';
import type { CheckoutDeps } from './checkout-deps';

/**
 * Commits (after payment) or releases (otherwise) the order's reservation. Inventory being down
 * must not change the order's outcome: it returns false and the worker settles the reservation later.
 */
export async function settleReservation(
  order: Order,
  action: 'commit' | 'release',
  deps: Pick<CheckoutDeps, 'inventory' | 'logger'>,
): Promise<boolean> {
  if (order.reservationId === null) return true;
  try {
    await (action === 'commit'
      ? deps.inventory.commit(order.reservationId)
      : deps.inventory.release(order.reservationId));
    return true;
  } catch (error) {
    deps.logger.warn(
      { event: 'reservation_settle_deferred', order_id: order.id, action, error },
      `could not ${action} the reservation now; the retry worker will`,
    );
    return false;
  }
}
