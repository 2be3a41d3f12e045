import type { Attributes } from '@faultline/instrumented';
import { startInMemoryTracing } from '@faultline/instrumented/testing';
import type { InMemoryTracing } from '@faultline/instrumented/testing';
import { commitReservation } from './domain/commit-reservation';
import { expireLapsedReservations } from './domain/expire-lapsed-reservations';
import { releaseReservation } from './domain/release-reservation';
import type { ReservationDeps } from './domain/reservation-deps';
import { reserveStock } from './domain/reserve-stock';
import { sleep, startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest } from './test/inventory-under-test';

describe('span annotations', () => {
  let inventory: InventoryUnderTest;
  let tracing: InMemoryTracing;
  let deps: ReservationDeps;

  beforeAll(async () => {
    inventory = await startInventory();
    tracing = startInMemoryTracing();
    deps = inventory.deps.useCases;
  });
  afterAll(async () => {
    await tracing.stop();
    await inventory.stop();
  });

  /** Runs `work` inside a span standing in for the HTTP server span, and returns what it was given. */
  const annotationsOf = async (work: () => Promise<unknown>): Promise<Attributes> => {
    tracing.reset();
    await tracing.tracer.startActiveSpan('POST /reservations', async (span) => {
      try {
        await work();
      } catch {
        // Rejections are asserted through the attributes they leave.
      } finally {
        span.end();
      }
    });
    const [span] = tracing.finishedSpans();
    return span!.attributes;
  };

  it('annotates a reservation with its order, id and outcome, and nothing else', async () => {
    let id = '';
    const attributes = await annotationsOf(async () => {
      const reserved = await reserveStock(deps, {
        orderId: 'ord-span',
        items: [{ sku: 'FL-TENT-2P', quantity: 1 }],
        ttlSeconds: 60,
      });
      id = reserved.reservation.id;
    });
    expect(attributes).toEqual({
      'order.id': 'ord-span',
      'reservation.id': id,
      'reservation.outcome': 'reserved',
    });

    expect(
      await annotationsOf(() =>
        reserveStock(deps, {
          orderId: 'ord-span',
          items: [{ sku: 'FL-TENT-2P', quantity: 1 }],
          ttlSeconds: 60,
        }),
      ),
    ).toEqual({ 'order.id': 'ord-span', 'reservation.id': id, 'reservation.outcome': 'replayed' });

    expect(await annotationsOf(() => commitReservation(deps, id))).toEqual({
      'order.id': 'ord-span',
      'reservation.id': id,
      'reservation.outcome': 'committed',
    });
    expect(await annotationsOf(() => releaseReservation(deps, id))).toEqual({
      'order.id': 'ord-span',
      'reservation.id': id,
      'reservation.outcome': 'reservation_committed',
    });
  });

  it('annotates a refused reservation with the reason, and no reservation id', async () => {
    expect((await inventory.call('PUT', '/stock/T-SPAN-SHORT', { available: 1 })).status).toBe(200);
    const refused = (orderId: string, sku: string) =>
      annotationsOf(() =>
        reserveStock(deps, { orderId, items: [{ sku, quantity: 2 }], ttlSeconds: 60 }),
      );
    expect(await refused('ord-span-short', 'T-SPAN-SHORT')).toEqual({
      'order.id': 'ord-span-short',
      'reservation.outcome': 'insufficient_stock',
    });
    expect(await refused('ord-span-unknown', 'T-SPAN-NOT-STOCKED')).toEqual({
      'order.id': 'ord-span-unknown',
      'reservation.outcome': 'unknown_sku',
    });
  });

  it('traces each sweep as its own span, counting what it expired', async () => {
    await reserveStock(deps, {
      orderId: 'ord-span-lapse',
      items: [{ sku: 'FL-GAITER', quantity: 1 }],
      ttlSeconds: 1,
    });
    await sleep(1200);
    tracing.reset();
    expect(await expireLapsedReservations(deps)).toBe(1);
    const spans = tracing.finishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['inventory.reservations.expire']);
    expect(spans[0]!.attributes).toEqual({
      'reservation.outcome': 'expired',
      'reservation.count': 1,
    });
  });
});
