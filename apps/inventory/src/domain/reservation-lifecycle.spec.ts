import { isAppError } from '@faultline/instrumented';
import { inMemoryInventory } from '../test/in-memory';
import type { InMemoryInventory } from '../test/in-memory';
import { commitReservation } from './commit-reservation';
import { expireLapsedReservations } from './expire-lapsed-reservations';
import { releaseReservation } from './release-reservation';
import { reserveStock } from './reserve-stock';
import type { ReserveRequest } from './reserve-stock';

const request = (patch: Partial<ReserveRequest> = {}): ReserveRequest => ({
  orderId: 'ord-1',
  items: [
    { sku: 'SKU-B', quantity: 2 },
    { sku: 'SKU-A', quantity: 1 },
  ],
  ttlSeconds: 60,
  ...patch,
});

/** The problem a use case refused with (status, code and extensions), or 'no problem'. */
const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'no problem',
    (error: unknown) =>
      isAppError(error)
        ? { status: error.status, code: error.code, ...error.extensions }
        : String(error),
  );

/** The reservation use cases with every port in memory: reserve, then commit, release or expiry. */
describe('a reservation, from reserved to committed, released or expired', () => {
  let inv: InMemoryInventory;
  beforeEach(() => {
    inv = inMemoryInventory({ 'SKU-A': 5, 'SKU-B': 3 });
  });

  it('holds every item, in SKU order, and counts it as reserved', async () => {
    const { reservation, replayed } = await reserveStock(inv.deps, request());
    expect(replayed).toBe(false);
    expect(reservation).toMatchObject({
      orderId: 'ord-1',
      status: 'pending',
      items: [
        { sku: 'SKU-A', quantity: 1 },
        { sku: 'SKU-B', quantity: 2 },
      ],
    });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([4, 1]);
    expect(inv.outcomes.counts).toEqual({ reserved: 1 });
  });

  it('replays the same order asking again, taking nothing more, and refuses other items with 409', async () => {
    const first = await reserveStock(inv.deps, request());
    expect(await reserveStock(inv.deps, request())).toEqual({
      reservation: first.reservation,
      replayed: true,
    });
    expect(
      await refusal(reserveStock(inv.deps, request({ items: [{ sku: 'SKU-A', quantity: 1 }] }))),
    ).toEqual({ status: 409, code: 'reservation_conflict', reservation_id: first.reservation.id });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([4, 1]);
    expect(inv.outcomes.counts).toEqual({ reserved: 1 });
  });

  it('answers 409 insufficient_stock naming what is left, and takes nothing of any item', async () => {
    const short = request({
      items: [
        { sku: 'SKU-A', quantity: 2 },
        { sku: 'SKU-B', quantity: 4 },
      ],
    });
    expect(await refusal(reserveStock(inv.deps, short))).toEqual({
      status: 409,
      code: 'insufficient_stock',
      sku: 'SKU-B',
      available: 3,
    });
    // SKU-A was taken before SKU-B ran short: the unit of work rolled it back.
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([5, 3]);
    expect(await inv.reservations.findByOrderId('ord-1')).toBeUndefined();
    expect(inv.outcomes.counts).toEqual({ insufficient_stock: 1 });
    // Nothing of the refused order stayed behind: it can try again with what is there.
    expect((await reserveStock(inv.deps, request())).replayed).toBe(false);
  });

  it('answers 422 unknown_sku for a SKU that is not stocked', async () => {
    expect(
      await refusal(reserveStock(inv.deps, request({ items: [{ sku: 'SKU-Z', quantity: 1 }] }))),
    ).toEqual({ status: 422, code: 'unknown_sku', sku: 'SKU-Z' });
    expect(inv.outcomes.counts).toEqual({ unknown_sku: 1 });
  });

  it('commits for good: committing again changes nothing, and it can no longer be released', async () => {
    const { reservation } = await reserveStock(inv.deps, request());
    expect(await commitReservation(inv.deps, reservation.id)).toMatchObject({
      status: 'committed',
    });
    expect(await commitReservation(inv.deps, reservation.id)).toMatchObject({
      status: 'committed',
    });
    expect(await refusal(releaseReservation(inv.deps, reservation.id))).toMatchObject({
      status: 409,
      code: 'reservation_committed',
    });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([4, 1]);
    expect(inv.outcomes.counts).toEqual({ reserved: 1, committed: 1 });
  });

  it('gives the units back on release, once, and recommits by taking them again', async () => {
    const { reservation } = await reserveStock(inv.deps, request());
    expect(await releaseReservation(inv.deps, reservation.id)).toMatchObject({
      status: 'released',
    });
    expect(await releaseReservation(inv.deps, reservation.id)).toMatchObject({
      status: 'released',
    });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([5, 3]);

    expect(await commitReservation(inv.deps, reservation.id)).toMatchObject({
      status: 'committed',
    });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([4, 1]);
    expect(inv.outcomes.counts).toEqual({ reserved: 1, released: 1, recommitted: 1 });
  });

  it('refuses to recommit an expired reservation whose units were sold meanwhile, changing nothing', async () => {
    const { reservation } = await reserveStock(inv.deps, request({ ttlSeconds: 1 }));
    inv.advance(1000);
    expect(await expireLapsedReservations(inv.deps)).toBe(1);
    await reserveStock(
      inv.deps,
      request({ orderId: 'ord-2', items: [{ sku: 'SKU-B', quantity: 2 }] }),
    );

    expect(await refusal(commitReservation(inv.deps, reservation.id))).toEqual({
      status: 409,
      code: 'insufficient_stock',
      sku: 'SKU-B',
      available: 1,
    });
    expect(await inv.reservations.findById(reservation.id)).toMatchObject({ status: 'expired' });
    expect([inv.available('SKU-A'), inv.available('SKU-B')]).toEqual([5, 1]);
    expect(inv.outcomes.counts).toEqual({ reserved: 2, expired: 1 });
  });

  it('answers 404 for a reservation nobody made', async () => {
    expect(await refusal(commitReservation(inv.deps, 'no-such-id'))).toMatchObject({
      status: 404,
      code: 'reservation_not_found',
    });
  });
});
