/** The four services, in the order they can start (order last: it calls the others). */
export const SERVICE_NAMES = ['catalog', 'inventory', 'payment', 'order'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Default ports, as in the design and docker-compose.yml. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  catalog: 3001,
  inventory: 3002,
  order: 3003,
  payment: 3004,
};

/** Default database per service (database-per-service). */
export const DATABASE_NAMES: Record<ServiceName, string> = {
  catalog: 'catalog',
  inventory: 'inventory',
  order: 'orders',
  payment: 'payments',
};

/** Where `npm start`'s supervisor serves /metrics (restarts and up per service): next to the services. */
export const SUPERVISOR_PORT = 3009;
