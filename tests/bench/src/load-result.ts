import type { LatencySummary } from './stats';
import { summariseLatencies } from './stats';
import type { LatencyRecorder } from './stats';

/** Fixed concurrency, a fixed arrival rate both stacks sustain, and the target arrival rate. */
export type LoadShape = 'concurrency' | 'rate' | 'target';

/** What one load run saw; every answer is counted by status. */
export interface LoadResult {
  shape: LoadShape;
  seconds: number;
  /** Answers by HTTP status code. */
  statuses: Record<string, number>;
  /** Answers outside 2xx. */
  non2xx: number;
  /** Requests that got no answer (connection errors, timeouts). */
  failed: number;
  /** 2xx answers per second. */
  throughput: number;
  /** Over every answered request, errors included (nothing is left out to flatter a run). */
  latency: LatencySummary;
}

export function loadResult(
  shape: LoadShape,
  seconds: number,
  statuses: Record<string, number>,
  failed: number,
  latencies: LatencyRecorder,
): LoadResult {
  let ok = 0;
  let non2xx = 0;
  for (const [status, count] of Object.entries(statuses)) {
    if (status.startsWith('2')) ok += count;
    else non2xx += count;
  }
  return {
    shape,
    seconds,
    statuses,
    non2xx,
    failed,
    throughput: ok / seconds,
    latency: summariseLatencies(latencies.samples()),
  };
}

/** "ok", or what went wrong, e.g. "12× 503, 3 failed". */
export function problemsOf(result: LoadResult): string {
  const parts = Object.entries(result.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${count}× ${status}`);
  if (result.failed > 0) parts.push(`${result.failed} failed`);
  return parts.length === 0 ? 'ok' : parts.join(', ');
}
