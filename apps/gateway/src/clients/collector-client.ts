import { createServiceClient, isServiceCallError } from '@faultline/instrumented';
import type { TelemetryCollector } from '../domain/ports';
import type { UpstreamOptions } from './catalog-client';

/** The peer_service of the collector on the client metrics (http_client_request_duration_seconds). */
export const COLLECTOR = 'otel-collector';

/**
 * The collector's OTLP/HTTP traces endpoint. The browser's exporter retries by itself, so this does
 * not; the breaker sheds the exports while the collector is down.
 */
export function collectorClient(options: UpstreamOptions): TelemetryCollector & { close(): void } {
  const client = createServiceClient({ peerService: COLLECTOR, ...options });
  return {
    async forwardTraces(payload) {
      try {
        const answer = await client.call({ method: 'POST', path: '/v1/traces', body: payload });
        return { status: answer.status, body: answer.body };
      } catch (error) {
        // The collector's own 5xx (busy, refusing) goes back to the exporter, which knows it.
        if (
          isServiceCallError(error) &&
          error.kind === 'upstream_5xx' &&
          error.status !== undefined
        )
          return { status: error.status, body: error.body };
        throw error;
      }
    },
    close: () => {
      client.close();
    },
  };
}
