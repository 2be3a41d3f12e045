import type { ReservationRepository } from '../domain/ports';
import { bySku } from '../domain/reservation';
import type { Reservation, ReservationItem, ReservationStatus } from '../domain/reservation';
import type { Queryable } from './queryable';

interface ReservationRow {
  id: string;
  order_id: string;
  status: ReservationStatus;
  expires_at: Date;
  lapsed: boolean;
  items: ReservationItem[];
}

const toReservation = (row: ReservationRow): Reservation => ({
  id: row.id,
  orderId: row.order_id,
  status: row.status,
  expiresAt: row.expires_at.toISOString(),
  items: row.items,
});

// Items come back in SKU order as a JSON array, so a reservation is one row (and can be locked).
const SELECT_RESERVATION = `
  SELECT r.id, r.order_id, r.status, r.expires_at, r.expires_at <= now() AS lapsed,
         COALESCE(
           (SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity) ORDER BY i.sku)
              FROM reservation_items i WHERE i.reservation_id = r.id),
           '[]'::json) AS items
    FROM reservations r`;

/** Reservations in Postgres, on the pool or on one transaction's client. */
export function reservationRepository(db: Queryable): ReservationRepository {
  const one = async (sql: string, values: unknown[]): Promise<ReservationRow | undefined> => {
    const { rows } = await db.query<ReservationRow>(sql, values);
    return rows[0];
  };
  return {
    async create(orderId, ttlSeconds, items) {
      const sorted = bySku(items);
      // One round trip: the reservation and its items in one statement (the items' foreign keys are
      // checked at its end, when the reservation's row exists). An unknown SKU is left out here so
      // that taking stock, next in the transaction, refuses it as unknown_sku and rolls all of it
      // back. No row back: the order has a reservation already.
      const { rows } = await db.query<{ id: string; expires_at: Date }>(
        `WITH reservation AS (
           INSERT INTO reservations (order_id, expires_at)
           VALUES ($1, now() + make_interval(secs => $2))
           ON CONFLICT (order_id) DO NOTHING
           RETURNING id, expires_at
         ), items AS (
           INSERT INTO reservation_items (reservation_id, sku, quantity)
           SELECT reservation.id, item.sku, item.quantity
             FROM reservation, unnest($3::text[], $4::int[]) AS item(sku, quantity)
            WHERE EXISTS (SELECT 1 FROM stock WHERE stock.sku = item.sku)
         )
         SELECT id, expires_at FROM reservation`,
        [orderId, ttlSeconds, sorted.map((item) => item.sku), sorted.map((item) => item.quantity)],
      );
      const row = rows[0];
      return (
        row && {
          id: row.id,
          orderId,
          status: 'pending',
          expiresAt: row.expires_at.toISOString(),
          items: sorted.map(({ sku, quantity }) => ({ sku, quantity })),
        }
      );
    },
    async findById(id) {
      const row = await one(`${SELECT_RESERVATION} WHERE r.id = $1`, [id]);
      return row && toReservation(row);
    },
    async findByOrderId(orderId) {
      const row = await one(`${SELECT_RESERVATION} WHERE r.order_id = $1`, [orderId]);
      return row && toReservation(row);
    },
    async lockById(id) {
      const row = await one(`${SELECT_RESERVATION} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
      return row && { reservation: toReservation(row), lapsed: row.lapsed };
    },
    async lockLapsed(limit) {
      const { rows } = await db.query<ReservationRow>(
        `${SELECT_RESERVATION}
          WHERE r.status = 'pending' AND r.expires_at <= now()
          ORDER BY r.expires_at
          LIMIT $1
          FOR UPDATE OF r SKIP LOCKED`,
        [limit],
      );
      return rows.map(toReservation);
    },
    async setStatus(ids, status) {
      await db.query(
        'UPDATE reservations SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[])',
        [ids, status],
      );
    },
  };
}
