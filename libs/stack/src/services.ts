/** The shop's four services, in the order they can start (order last: it calls the others). */
export const SERVICE_NAMES = ['catalog', 'inventory', 'payment', 'order'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * The watcher (apps/watcher): not part of the shop but a customer of it, started after order. It
 * places a synthetic checkout through order every 30 s, receives Alertmanager's notifications
 * (the pager page) and holds the Watchdog's dead man's switch. It has no database.
 */
export const WATCHER = 'watcher';

/**
 * The edge gateway (apps/gateway): the shop's only public entry point, started after order,
 * pointed at catalog, inventory and order. It serves the storefront and the public API (/api/v1),
 * rate-limits per client and forwards the browser's telemetry. It has no database.
 */
export const GATEWAY = 'gateway';

/** Every process a stack can run: the shop's services, then the watcher and the gateway. */
export const PROCESS_NAMES = [...SERVICE_NAMES, WATCHER, GATEWAY] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

/** Processes that keep no database of their own. */
export type StatelessProcess = typeof WATCHER | typeof GATEWAY;

/**
 * One value per process of a started stack: the shop's four always, the watcher and the gateway
 * when they run.
 */
export type StackRecord<T> = Record<ServiceName, T> & Partial<Record<StatelessProcess, T>>;

/** Default ports, as in the design and docker-compose.yml. */
export const DEFAULT_PORTS: Record<ProcessName, number> = {
  catalog: 3001,
  inventory: 3002,
  order: 3003,
  payment: 3004,
  watcher: 3005,
  gateway: 8080,
};

/** Default database per service (database-per-service); the watcher and the gateway have none. */
export const DATABASE_NAMES: Record<ServiceName, string> = {
  catalog: 'catalog',
  inventory: 'inventory',
  order: 'orders',
  payment: 'payments',
};

/** Where `npm start`'s supervisor serves /metrics (restarts and up per service): next to the services. */
export const SUPERVISOR_PORT = 3009;

/** Where a native stack's payment canary listens with `ports: 'default'` (payment is on 3004). */
export const CANARY_PORT = 3014;
