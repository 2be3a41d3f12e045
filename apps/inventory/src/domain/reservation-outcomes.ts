import type { Metrics } from '@faultline/instrumented';

/** What happened to a reservation request or a reservation: the `outcome` label's bounded values. */
export const RESERVATION_OUTCOMES = [
  'reserved',
  'insufficient_stock',
  'unknown_sku',
  'committed',
  /** Committed after its stock had gone back (released or expired), by taking the units again. */
  'recommitted',
  'released',
  'expired',
] as const;

export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/** Counts reservation outcomes as `inventory_reservations_total{outcome}`. */
export interface ReservationOutcomes {
  count(outcome: ReservationOutcome, howMany?: number): void;
}

/**
 * Registers the reservation outcome counter on these metrics. A metric can be registered on a
 * registry only once: the composition root builds it once, and the app and the sweeper share it.
 */
export function reservationOutcomes(metrics: Metrics): ReservationOutcomes {
  const counter = metrics.counter({
    name: 'inventory_reservations_total',
    help: 'Reservation outcomes: reserved, insufficient_stock, unknown_sku, committed, recommitted, released, expired.',
    labelNames: ['outcome'],
  });
  // Every series exists from the start, so rate() and absent() work before the first checkout.
  for (const outcome of RESERVATION_OUTCOMES) counter.inc({ outcome }, 0);
  return {
    count: (outcome, howMany = 1) => {
      counter.inc({ outcome }, howMany);
    },
  };
}
