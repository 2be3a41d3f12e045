import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '../logging';
import { shutdownTelemetry } from '../telemetry/runtime';

export interface ServeOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Closed in order after in-flight requests drain (pools, workers…). */
  onShutdown?: (() => Promise<unknown>)[];
  /** How long in-flight requests may take to finish before their connections are cut. */
  drainTimeoutMs?: number;
}

export interface RunningService {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Stops accepting, drains in-flight requests, runs onShutdown hooks, flushes telemetry. Idempotent. */
  shutdown(reason?: string): Promise<void>;
}

/** Listens, and returns a handle whose shutdown is graceful. */
export async function serve(app: Express, options: ServeOptions): Promise<RunningService> {
  const { logger } = options;
  const server = app.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ event: 'service_listening', port, url }, `listening on ${url}`);

  let shuttingDown: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      logger.warn(
        { event: 'drain_timeout' },
        'in-flight requests did not finish in time; closing connections',
      );
      server.closeAllConnections();
    }, options.drainTimeoutMs ?? 10_000);
    await closed;
    clearTimeout(timer);
  };

  const shutdown = (reason = 'shutdown'): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ event: 'service_stopping', reason }, 'stopping: draining in-flight requests');
      app.locals['draining'] = true;
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
