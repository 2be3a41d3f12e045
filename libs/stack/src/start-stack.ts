import { canarySlot, deploymentApi } from '@faultline/service';
import type { CanarySlot } from '@faultline/service';
import { restartBackoff } from './restart-backoff';
import { answersReady, spawnService } from './service-process';
import { CANARY_PORT } from './services';
import type { ServiceProcess } from './service-process';
import {
  DATABASE_NAMES,
  DEFAULT_PORTS,
  PROCESS_NAMES,
  SERVICE_NAMES,
  SUPERVISOR_PORT,
  GATEWAY,
  WATCHER,
} from './services';
import type { ProcessName, ServiceName, StackRecord } from './services';
import { superviseService } from './supervised-service';
import type { SupervisedService } from './supervised-service';
import { createSupervisorMetrics } from './supervisor-metrics';
import type { SupervisorMetricsServer } from './supervisor-metrics';

/** The memory limit native processes report (MB): generous, as nothing enforces it. */
export const NATIVE_MEMORY_LIMIT_MB = '512';

/**
 * Who wrote a line: a service (or the watcher, the gateway), payment's canary release, or the
 * supervisor that restarts them.
 */
export type LineSource = ProcessName | 'canary' | 'supervisor';

/** How startStack keeps the services running; every field has a default. */
export interface SuperviseStackOptions {
  /** Delay before restarting a service that exited after a healthy run; 500 ms. */
  minBackoffMs?: number;
  /** The delay doubles for each exit in a row, up to this; 10 000 ms. */
  maxBackoffMs?: number;
  /** A process that stayed up this long resets the delay to minBackoffMs; 30 000 ms. */
  resetAfterMs?: number;
  /** Port of the supervisor's /metrics: SUPERVISOR_PORT (3009) with `ports: 'default'`, else free. */
  metricsPort?: number;
}

export interface StackOptions {
  /** PostgreSQL server; each service uses its own database on it. */
  postgresUrl?: string;
  /** Prefix for database names (tests use a unique one and drop the databases after). */
  databasePrefix?: string;
  /** 'default' uses 3001–3005 (and 8080 for the gateway); 'ephemeral' lets the OS pick free ports. */
  ports?: 'default' | 'ephemeral';
  /**
   * Interface the services (and the supervisor's /metrics) listen on: loopback unless told, so a
   * native run is not open to the network. `0.0.0.0` is what a Prometheus in Docker needs to scrape
   * the host (npm start: FAULTLINE_HOST=0.0.0.0).
   */
  host?: string;
  /** Environment for every process of the stack (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: Record<string, string>;
  /** Extra environment per process (the watcher's SYNTHETIC_INTERVAL_MS, the gateway's limits…). */
  serviceEnv?: Partial<Record<ProcessName, Record<string, string>>>;
  /**
   * Run the watcher (apps/watcher) after order, pointed at it: a synthetic checkout at start and
   * every 30 s, the pager page, the dead man's switch. On by default, as `npm start` runs it; a
   * suite measuring the shop alone (the benchmark) turns it off.
   */
  watcher?: boolean;
  /**
   * Run the edge gateway (apps/gateway) after order: the shop's public entry point (storefront,
   * /api/v1, browser telemetry), pointed at catalog, inventory and order and given inventory's
   * SERVICE_TOKEN. Off by default, so the suites that call the services directly start what they
   * always did; `npm start` turns it on.
   */
  gateway?: boolean;
  /** Every line a service writes, and the supervisor's exit and restart lines; silent by default. */
  onLine?: (source: LineSource, line: string) => void;
  /**
   * Restart a service whose process exits (crash, kill -9), with backoff, on the same port and
   * environment, until stop(); counted on the supervisor's own /metrics. Off by default; on for
   * `npm start`. A service that fails its first start still fails startStack.
   */
  supervise?: boolean | SuperviseStackOptions;
}

export interface Stack {
  /**
   * Base URL of each service (and of the watcher and the gateway when they run); a restarted one
   * comes back on the same one.
   */
  urls: StackRecord<string>;
  /** Each service's process now: after a restart, the new one (while restarting, the one that exited). */
  services: Readonly<StackRecord<ServiceProcess>>;
  /** The database URL each service was given. */
  databaseUrls: Record<ServiceName, string>;
  /**
   * Base URL of the supervisor's metrics server (faultline_service_restarts_total{service},
   * faultline_service_up{service} at `${supervisorUrl}/metrics`); undefined without `supervise`.
   */
  supervisorUrl: string | undefined;
  /**
   * Payment's canary slot: a second release started beside the stable payment (CANARY_PORT with
   * `ports: 'default'`, else a free port), stopped on rollback or with the stack. With `supervise`
   * the supervisor serves it as its deployment API (`${supervisorUrl}/deployments`).
   */
  canary: CanarySlot;
  /** Restarts attempted per service so far (failed attempts included); all 0 without `supervise`. */
  restarts(): StackRecord<number>;
  /**
   * Resolves once `name`'s process answers /health/ready with 200: at once when it does, else
   * after the restart under way. Safe right after a kill -9 (a killed process never answers
   * again); one sent SIGTERM counts as not ready once it has begun draining. Rejects once the stack
   * is stopped, and (without `supervise`) when its process has exited.
   */
  whenReady(name: ProcessName): Promise<void>;
  /**
   * Stops every process gracefully (SIGTERM): the gateway, the watcher, then order, then the
   * others; nothing is restarted from the call on.
   */
  stop(): Promise<void>;
}

/** What the stack holds for each service, supervised or not. */
type Running = SupervisedService;

const DEFAULT_BACKOFF = { minBackoffMs: 500, maxBackoffMs: 10_000, resetAfterMs: 30_000 };

export function databaseUrlFor(postgresUrl: string, name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A service left to itself, as startStack ran them before it could supervise. */
function unsupervised(service: ServiceProcess): Running {
  const exited = (): boolean =>
    service.child.exitCode !== null || service.child.signalCode !== null;
  return {
    current: service,
    get up() {
      return !exited();
    },
    restarts: 0,
    whenReady: () =>
      exited()
        ? Promise.reject(new Error(`${service.name} exited and is not supervised`))
        : Promise.resolve(),
    stop: async () => {
      await service.stop();
    },
  };
}

/**
 * Starts catalog, inventory and payment, then order pointed at them, then (unless `watcher: false`)
 * the watcher pointed at order and (with `gateway: true`) the gateway in front of them all, each
 * as a real Node process with the telemetry preload. Resolves when every one answers /health/ready.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const postgresUrl = options.postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = options.databasePrefix ?? '';
  const host = options.host ?? '127.0.0.1';
  const databaseUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      databaseUrlFor(postgresUrl, `${prefix}${DATABASE_NAMES[name]}`),
    ]),
  ) as Record<ServiceName, string>;
  const onLine = options.onLine ?? (() => undefined);
  const inventoryToken = options.serviceEnv?.inventory?.['SERVICE_TOKEN'];
  const supervise =
    options.supervise === undefined || options.supervise === false
      ? undefined
      : { ...DEFAULT_BACKOFF, ...(options.supervise === true ? {} : options.supervise) };
  const backoff = supervise && {
    minMs: supervise.minBackoffMs,
    maxMs: supervise.maxBackoffMs,
    resetAfterMs: supervise.resetAfterMs,
  };
  // Checked before anything starts: a bad setting must fail here, not after a service is up.
  if (backoff) restartBackoff(backoff);
  const withWatcher = options.watcher ?? true;
  const withGateway = options.gateway ?? false;
  const names = PROCESS_NAMES.filter(
    (name) => (name !== WATCHER || withWatcher) && (name !== GATEWAY || withGateway),
  );
  const running: Partial<Record<ProcessName, Running>> = {};
  const stackStopping = new AbortController();
  const metrics = createSupervisorMetrics(names, (name) => running[name]?.up ?? false);
  let metricsServer: SupervisorMetricsServer | undefined;

  // Every process gets this environment and then its own settings (as npm start's shell gave it).
  const inherited = process.env as Record<string, string>;
  const spawn = (
    name: ProcessName,
    port: string,
    extra: Record<string, string>,
    signal?: AbortSignal,
    source: LineSource = name,
  ): Promise<ServiceProcess> =>
    spawnService({
      name,
      onLine: (_name, line) => {
        onLine(source, line);
      },
      signal,
      env: {
        ...inherited,
        OTEL_SERVICE_NAME: name,
        // Nothing enforces a memory limit natively: this stands in for the container's, so
        // process_memory_limit_bytes exists and ProcessMemoryNearLimit has a line to cross.
        FAULTLINE_MEMORY_LIMIT_MB: NATIVE_MEMORY_LIMIT_MB,
        ...options.env,
        PORT: port,
        HOST: host,
        // Which stack a process belongs to, for whoever has to find its processes (the watcher
        // has no DATABASE_URL to tell by).
        FAULTLINE_STACK: prefix,
        ...(name === WATCHER || name === GATEWAY ? {} : { DATABASE_URL: databaseUrls[name] }),
        ...extra,
        ...options.serviceEnv?.[name],
      },
    });

  const start = async (
    name: ProcessName,
    extra: Record<string, string> = {},
  ): Promise<ServiceProcess> => {
    const port = options.ports === 'ephemeral' ? '0' : String(DEFAULT_PORTS[name]);
    const first = await spawn(name, port, extra);
    running[name] = backoff
      ? superviseService(name, {
          first,
          stackStopping: stackStopping.signal,
          // The port the first start got, even an ephemeral one: order and clients hold its URL.
          respawn: (signal) => spawn(name, new URL(first.url).port, extra, signal),
          backoff: restartBackoff(backoff),
          log: (line) => {
            onLine('supervisor', line);
          },
          onRestart: () => {
            metrics.restarted(name);
          },
          answersReady: (service) => answersReady(service.url),
        })
      : unsupervised(first);
    return first;
  };

  // The canary is payment at another release: same database, same settings, its own port. Order
  // learns its URL from the deployment (order's /admin/deployments), never from its environment.
  const canary = canarySlot({
    start: (version) =>
      spawn(
        'payment',
        options.ports === 'ephemeral' ? '0' : String(CANARY_PORT),
        { SERVICE_VERSION: version },
        stackStopping.signal,
        'canary',
      ),
    log: (line) => {
      onLine('supervisor', line);
    },
  });
  // The supervisor's deployment API takes the token the services are given (their defaults' own
  // when none is), so `faultline deploy` uses one token for both.
  const adminToken = { ...inherited, ...options.env }['FAULT_ADMIN_TOKEN'] ?? 'faultline-local';

  const stopAll = async (): Promise<void> => {
    // Before anything exits: an exit from here on is the stop, never a crash to restart.
    stackStopping.abort();
    // The front door first, then the watcher, so nothing in flight loses its order service.
    await running.gateway?.stop();
    await running.watcher?.stop();
    await running.order?.stop();
    await canary.rollback();
    await Promise.all(Object.values(running).map((service) => service.stop()));
    await metricsServer?.close();
  };

  const current = (name: ProcessName): Running => {
    const service = running[name];
    if (!service) throw new Error(`${name} was never started`);
    return service;
  };

  try {
    if (supervise) {
      const metricsPort =
        supervise.metricsPort ?? (options.ports === 'ephemeral' ? 0 : SUPERVISOR_PORT);
      metricsServer = await metrics.listen(host, metricsPort, deploymentApi(canary, adminToken));
    }
    // allSettled: on a failure, the other two must have finished starting before stopAll runs,
    // or they would start after it and be left running.
    const firstThree = await Promise.allSettled([
      start('catalog'),
      start('inventory'),
      start('payment'),
    ]);
    const [catalog, inventory, payment] = firstThree.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    }) as [ServiceProcess, ServiceProcess, ServiceProcess];
    const order = await start('order', {
      CATALOG_URL: catalog.url,
      INVENTORY_URL: inventory.url,
      PAYMENT_URL: payment.url,
    });
    // allSettled, as above: neither may be left starting when stopAll runs.
    const [watcherStart, gatewayStart] = await Promise.allSettled([
      withWatcher ? start(WATCHER, { ORDER_URL: order.url }) : undefined,
      withGateway
        ? start(GATEWAY, {
            CATALOG_URL: catalog.url,
            INVENTORY_URL: inventory.url,
            ORDER_URL: order.url,
            // Its control room forwards fault admin calls to payment too.
            PAYMENT_URL: payment.url,
            // It reads stock from inventory: inventory's token, when a test gave it one of its own.
            ...(inventoryToken !== undefined && { SERVICE_TOKEN: inventoryToken }),
          })
        : undefined,
    ]);
    if (watcherStart.status === 'rejected') throw watcherStart.reason;
    if (gatewayStart.status === 'rejected') throw gatewayStart.reason;
    const watcher = watcherStart.value;
    const gateway = gatewayStart.value;
    const services = {} as StackRecord<ServiceProcess>;
    for (const name of names) {
      Object.defineProperty(services, name, { enumerable: true, get: () => current(name).current });
    }
    return {
      services,
      urls: {
        catalog: catalog.url,
        inventory: inventory.url,
        payment: payment.url,
        order: order.url,
        ...(watcher && { watcher: watcher.url }),
        ...(gateway && { gateway: gateway.url }),
      },
      databaseUrls,
      supervisorUrl: metricsServer?.url,
      canary,
      restarts: () =>
        Object.fromEntries(
          names.map((name) => [name, current(name).restarts]),
        ) as StackRecord<number>,
      whenReady: (name) => current(name).whenReady(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
