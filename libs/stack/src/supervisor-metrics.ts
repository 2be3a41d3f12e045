import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import type { ProcessName } from './services';

/** The supervisor's own /metrics endpoint, for Prometheus to scrape beside the services. */
export interface SupervisorMetricsServer {
  /** Base URL, e.g. `http://127.0.0.1:3009`; the metrics are at `${url}/metrics`. */
  url: string;
  close(): Promise<void>;
}

export interface SupervisorMetrics {
  /** Counts one restart of `service` (faultline_service_restarts_total). */
  restarted(service: ProcessName): void;
  /**
   * Serves /metrics on host:port (port 0: a free one), and whatever `also` answers (it returns
   * whether it handled the request): the deployment API.
   */
  listen(
    host: string,
    port: number,
    also?: (request: IncomingMessage, response: ServerResponse) => boolean,
  ): Promise<SupervisorMetricsServer>;
}

/** A URL this machine can open for a server bound to `address` (a wildcard means loopback too). */
function localUrl({ address, port }: AddressInfo): string {
  if (address === '0.0.0.0' || address === '::') return `http://127.0.0.1:${port}`;
  return address.includes(':') ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

/**
 * faultline_service_restarts_total{service} and faultline_service_up{service} for each of
 * `services` (the processes the stack runs): the services' own /metrics go away with their
 * process, so only the supervisor can tell how often they died. `isUp` is read at scrape time, so
 * the gauge is never stale.
 */
export function createSupervisorMetrics(
  services: readonly ProcessName[],
  isUp: (service: ProcessName) => boolean,
): SupervisorMetrics {
  const registry = new Registry();
  const restarts = new Counter({
    name: 'faultline_service_restarts_total',
    help: 'Times the supervisor restarted a service after its process exited',
    labelNames: ['service'],
    registers: [registry],
  });
  new Gauge({
    name: 'faultline_service_up',
    help: '1 while the service process runs and has answered ready, 0 while it is down or restarting',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      for (const service of services) this.set({ service }, isUp(service) ? 1 : 0);
    },
  });
  // Every series exists from the start: increase() over a counter that appears at 1 sees nothing.
  for (const service of services) restarts.inc({ service }, 0);

  return {
    restarted(service) {
      restarts.inc({ service });
    },
    async listen(host, port, also) {
      const server = createServer((request, response) => {
        if (also?.(request, response)) return;
        if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
          response.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
          () => response.writeHead(500).end(),
        );
      });
      server.listen(port, host);
      await once(server, 'listening');
      return {
        url: localUrl(server.address() as AddressInfo),
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
            server.closeAllConnections();
          }),
      };
    },
  };
}
