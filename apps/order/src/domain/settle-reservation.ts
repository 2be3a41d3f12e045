import type { Order } from './order';
import type { CheckoutDeps } from './checkout-deps';

type SettleDeps = Pick<CheckoutDeps, 'inventory' | 'logger'>;

/**
 * Where a paid order's units are: taken for good, not confirmed yet (inventory could not be
 * reached; the worker tries again), or gone (sold to someone else after the reservation lapsed or
 * was released: the charge must be given back).
 */
type StockCommit = 'committed' | 'deferred' | 'gone';

/** Commits a paid order's reservation. Inventory being down must not change the order's outcome. */
export async function commitStock(order: Order, deps: SettleDeps): Promise<StockCommit> {
  if (order.reservationId === null) return 'committed';
  try {
    const result = await deps.inventory.commit(order.reservationId);
    if (result.committed) return 'committed';
    deps.logger.error(
      { event: 'reservation_lost', order_id: order.id, reason: result.reason },
      `order ${order.id} was charged but its units are gone (${result.reason})`,
    );
    return 'gone';
  } catch (error) {
    deps.logger.warn(
      { event: 'reservation_settle_deferred', order_id: order.id, action: 'commit', error },
      'could not commit the reservation now; the retry worker will',
    );
    return 'deferred';
  }
}

/**
 * Gives an unpaid order's units back. Returns false when inventory cannot be reached now: the
 * worker tries again, and the reservation expires by itself in the end.
 */
export async function releaseStock(order: Order, deps: SettleDeps): Promise<boolean> {
  if (order.reservationId === null) return true;
  try {
    await deps.inventory.release(order.reservationId);
    return true;
  } catch (error) {
    deps.logger.warn(
      { event: 'reservation_settle_deferred', order_id: order.id, action: 'release', error },
      'could not release the reservation now; the retry worker will',
    );
    return false;
  }
}
