import autocannon from 'autocannon';
import { checkoutRequest } from './checkout-request';
import type { LoadResult } from './load-result';
import { loadResult } from './load-result';
import { LatencyRecorder } from './stats';

export interface ClosedLoopOptions {
  /** Where each checkout is POSTed (the gateway's /api/v1/orders, order's /orders…). */
  url: string;
  connections: number;
  seconds: number;
}

/**
 * Fixed concurrency with autocannon: `connections` keep-alive connections, each sending the next
 * checkout as soon as the previous one is answered. Every answer's status and latency is recorded
 * here (autocannon's own summary has no p95 and leaves non-2xx latencies out).
 */
export function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const latencies = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let failed = 0;
  const target = new URL(options.url);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.origin,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: target.pathname,
            setupRequest: (request) => ({ ...request, ...checkoutRequest() }),
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve(loadResult('concurrency', result.duration, statuses, failed, latencies));
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.record(ms);
    });
    instance.on('reqError', () => {
      failed++;
    });
  });
}
