import { Agent, request } from 'node:http';
import { checkoutRequest } from './checkout-request';
import type { LoadResult } from './load-result';
import { loadResult } from './load-result';
import { LatencyRecorder } from './stats';

export interface OpenLoopOptions {
  /** Where each checkout is POSTed. */
  url: string;
  /** Checkouts started per second, evenly spaced, whether or not earlier ones were answered. */
  rate: number;
  seconds: number;
  /** Most connections open at once (requests beyond it wait, and that wait is counted). */
  maxConnections?: number;
  timeoutMs?: number;
}

/**
 * A fixed arrival rate (open loop). autocannon's `overallRate` is not one: each connection sends its
 * share of the second back to back when its 1 s tick fires and then idles, and its
 * coordinated-omission correction assumes a 1 ms interval (`Math.ceil(1 / rate)`), which inflates
 * every percentile. Here request i is due at start + i/rate and its latency is measured from that
 * due time, so a server (or a generator) that falls behind shows up in the figures.
 */
export async function openLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxConnections ?? 256 });
  const latencies = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let failed = 0;
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pending = new Set<Promise<void>>();

  const send = (dueAt: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const { headers, body } = checkoutRequest();
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            statuses[status] = (statuses[status] ?? 0) + 1;
            latencies.record(performance.now() - dueAt);
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error('timed out'));
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });

  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // Everything due by now goes out, so a late timer never lowers the offered rate.
    while (sent < total && started + sent * intervalMs <= now) {
      const promise = send(started + sent * intervalMs);
      pending.add(promise);
      void promise.then(() => pending.delete(promise));
      sent++;
    }
    const nextDue = started + sent * intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - performance.now())));
  }
  await Promise.all(pending);
  agent.destroy();
  // Until the last answer: a server that falls behind finishes late and its throughput shows it.
  const seconds = (performance.now() - started) / 1000;
  return loadResult('rate', seconds, statuses, failed, latencies);
}
