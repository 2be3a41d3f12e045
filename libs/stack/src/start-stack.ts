import { spawnService } from './service-process';
import type { ServiceProcess } from './service-process';
import { DATABASE_NAMES, DEFAULT_PORTS, SERVICE_NAMES } from './services';
import type { ServiceName } from './services';

export interface StackOptions {
  /** PostgreSQL server; each service uses its own database on it. */
  postgresUrl?: string;
  /** Prefix for database names (tests use a unique one and drop the databases after). */
  databasePrefix?: string;
  /** 'default' uses 3001–3004; 'ephemeral' lets the OS pick free ports. */
  ports?: 'default' | 'ephemeral';
  /**
   * Interface to listen on: all of them for `npm start` (so the compose backends-only Prometheus can
   * scrape the host), loopback for tests.
   */
  host?: string;
  /** Environment for every service (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: Record<string, string>;
  /** Extra environment per service. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Every line a service writes; silent by default. */
  onLine?: (service: ServiceName, line: string) => void;
}

export interface Stack {
  urls: Record<ServiceName, string>;
  services: Record<ServiceName, ServiceProcess>;
  /** The database URL each service was given. */
  databaseUrls: Record<ServiceName, string>;
  /** Stops every service gracefully (SIGTERM), order first. */
  stop(): Promise<void>;
}

export function databaseUrlFor(postgresUrl: string, name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts catalog, inventory and payment, then order pointed at them, each as a real Node process
 * with the telemetry preload. Resolves when all four answer /health/ready.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const postgresUrl = options.postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = options.databasePrefix ?? '';
  const databaseUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      databaseUrlFor(postgresUrl, `${prefix}${DATABASE_NAMES[name]}`),
    ]),
  ) as Record<ServiceName, string>;
  const started: Partial<Record<ServiceName, ServiceProcess>> = {};
  const onLine = options.onLine ?? (() => undefined);

  const start = async (
    name: ServiceName,
    extra: Record<string, string> = {},
  ): Promise<ServiceProcess> => {
    const service = await spawnService({
      name,
      onLine,
      env: {
        ...(process.env as Record<string, string>),
        OTEL_SERVICE_NAME: name,
        ...options.env,
        PORT: options.ports === 'ephemeral' ? '0' : String(DEFAULT_PORTS[name]),
        HOST: options.host ?? (options.ports === 'ephemeral' ? '127.0.0.1' : '0.0.0.0'),
        DATABASE_URL: databaseUrls[name],
        ...extra,
        ...options.serviceEnv?.[name],
      },
    });
    started[name] = service;
    return service;
  };

  const stopAll = async (): Promise<void> => {
    await started.order?.stop();
    await Promise.all(Object.values(started).map((service) => service.stop()));
  };

  try {
    const [catalog, inventory, payment] = await Promise.all([
      start('catalog'),
      start('inventory'),
      start('payment'),
    ]);
    const order = await start('order', {
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      PAYMENT_URL: payment.url,
    });
    const services = { catalog, inventory, payment, order };
    return {
      services,
      urls: {
        catalog: catalog.url,
        inventory: inventory.url,
        payment: payment.url,
        order: order.url,
      },
      databaseUrls,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
