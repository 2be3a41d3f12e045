import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import type { Logger } from '../logging';
import { shutdownTelemetry } from '../telemetry/runtime';
import { trackInFlight } from './in-flight';

export interface ServeOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Closed in order after in-flight requests drain (workers, pools, breakers…), before telemetry. */
  onShutdown?: (() => Promise<unknown>)[];
  /**
   * How long, once shutdown starts, /health/ready answers 503 `draining` while the listener still
   * accepts, so a balancer polling readiness stops sending here first (default 2000 ms).
   */
  readinessGraceMs?: number;
  /** How long in-flight requests may take to finish, once accepting stops, before their connections are cut (default 10000 ms). */
  drainTimeoutMs?: number;
  /** Time a client has to send all request headers (default 10000 ms); at most requestTimeoutMs. */
  headersTimeoutMs?: number;
  /** Time a client has to send its whole request, body included; 408 and close after (default 30000 ms). */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open (default 5000 ms). */
  keepAliveTimeoutMs?: number;
}

export interface RunningService {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /**
   * Answers readiness 503 for the grace period, then stops accepting, lets in-flight requests
   * finish (bounded by drainTimeoutMs), runs the onShutdown hooks, flushes telemetry. Idempotent.
   */
  shutdown(reason?: string): Promise<void>;
}

/** The connection timeouts, so a slow or lying client cannot hold a connection for Node's 300 s. */
function connectionTimeouts(options: ServeOptions): ServerOptions {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = options.headersTimeoutMs ?? Math.min(10_000, requestTimeout);
  return {
    headersTimeout,
    requestTimeout,
    // Node's own 5 s default made explicit. It closes idle connections 1 s later than it advertises
    // (keepAliveTimeoutBuffer), so a client honouring `Keep-Alive: timeout=5` (undici does) gives up
    // first. Whatever pools connections in front (a balancer, a client pool) must drop idle ones
    // before this server does, or it may reuse a connection just being closed and see a reset:
    // behind a balancer whose idle timeout is longer (e.g. 60 s), raise this above it.
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    // Node checks the two timeouts above only every connectionsCheckingInterval (30 s by default),
    // which would let a 30 s request timeout fire at up to 60 s.
    connectionsCheckingInterval: Math.min(
      1_000,
      Math.max(10, Math.min(headersTimeout, requestTimeout) / 4),
    ),
  };
}

/** Listens, and returns a handle whose shutdown is graceful. */
export async function serve(app: Express, options: ServeOptions): Promise<RunningService> {
  const { logger } = options;
  const inFlight = trackInFlight();
  const server = createServer(connectionTimeouts(options), (req, res) => {
    inFlight.track(res);
    app(req, res);
  });
  const host = options.host ?? '0.0.0.0';
  server.listen(options.port, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  // Where a client on this machine reaches it: loopback when it listens on every interface, else
  // the address it was given (a stack of its own on 127.0.0.2, say).
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  logger.info({ event: 'service_listening', port, url }, `listening on ${url}`);

  /** Stops accepting and resolves once every connection is closed: idle ones at once, busy ones after their last answer. */
  const drain = async (): Promise<void> => {
    const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    // Each time nothing is in flight, the connections left are idle keep-alive ones.
    inFlight.onIdle(() => {
      server.closeIdleConnections();
    });
    const timer = setTimeout(() => {
      logger.warn(
        { event: 'drain_timeout', in_flight: inFlight.size, drain_timeout_ms: drainTimeoutMs },
        'in-flight requests did not finish in time; closing their connections',
      );
      server.closeAllConnections();
    }, drainTimeoutMs);
    await closed;
    clearTimeout(timer);
  };

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown'): Promise<void> => {
    shuttingDown ??= (async () => {
      const graceMs = options.readinessGraceMs ?? 2_000;
      logger.info(
        {
          event: 'service_stopping',
          reason,
          in_flight: inFlight.size,
          readiness_grace_ms: graceMs,
        },
        'stopping: readiness answers draining, then in-flight requests drain',
      );
      app.locals['draining'] = true;
      inFlight.startDraining();
      await sleep(graceMs);
      await drain();
      for (const hook of options.onShutdown ?? []) {
        try {
          await hook();
        } catch (error) {
          logger.error({ event: 'shutdown_hook_failed', error }, 'a shutdown step failed');
        }
      }
      await shutdownTelemetry();
      logger.info({ event: 'service_stopped' }, 'stopped');
      logger.flush();
    })();
    return shuttingDown;
  };

  return { server, port, url, shutdown };
}

/** Shuts the service down on SIGTERM/SIGINT, then exits. The composition root calls this once. */
export function shutdownOnSignals(service: RunningService, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    service.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.fatal({ event: 'shutdown_failed', error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
