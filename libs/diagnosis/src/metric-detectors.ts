import type { Finding, Telemetry } from './telemetry';
import { SpanKind, STATUS_ERROR, percent, promRange } from './telemetry';

/** A heartbeat this much older than "now" means the loop behind it stopped (it beats every second). */
const STALE_HEARTBEAT_SECONDS = 30;
const MIN_NETWORK_FAILURES = 3;
const MIN_NETWORK_FAILURE_RATIO = 0.05;
/** Growth of resident memory, sustained over the window, that a healthy process does not show. */
const LEAK_BYTES_PER_MINUTE = 8 * 1024 * 1024;
const MB = 1024 * 1024;
/** A process's first minutes of heap growth are V8 sizing its generations, not a leak. */
const WARM_UP_SECONDS = 300;
const OFF_HEAP = 'outside the JavaScript heap (nodejs_external_memory_bytes: Buffers)';
const ON_HEAP = 'on the JavaScript heap (nodejs_heap_size_used_bytes)';

/** The retry worker's proof of life has gone stale: the loop is hung or dead. */
export async function stoppedWorker(t: Telemetry): Promise<Finding | undefined> {
  // Stale for the last STALE_HEARTBEAT_SECONDS as well, so one slow run is not a stopped worker.
  const ages = await t.query(
    `min_over_time((time() - retry_worker_heartbeat_timestamp_seconds)[${STALE_HEARTBEAT_SECONDS}s:])`,
  );
  const stale = ages.find((s) => s.value > STALE_HEARTBEAT_SECONDS);
  if (!stale) return undefined;
  const job = stale.metric['job'] ?? 'order';
  const depth = await t.query(`order_retry_queue_depth{job="${job}"}`);
  return {
    service: job,
    fault: 'retry worker stopped',
    evidence: [
      `${job}'s retry worker has not finished a run for more than ${Math.round(stale.value + STALE_HEARTBEAT_SECONDS)} s (retry_worker_heartbeat_timestamp_seconds); it runs every second`,
      ...depth.map((d) => `${d.value} orders wait for a payment retry (order_retry_queue_depth)`),
    ],
  };
}

/**
 * Calls that fail at the network level while the callee answered them: the connection, not the
 * callee, is what breaks. A callee that is down never answers, so its server spans are missing.
 */
export async function networkResets(t: Telemetry): Promise<Finding | undefined> {
  const window = promRange(t);
  const failed = await t.query(
    `sum by (job, peer_service) (increase(http_client_request_duration_seconds_count{outcome="network"}[${window}]))`,
  );
  const totals = await t.query(
    `sum by (job, peer_service) (increase(http_client_request_duration_seconds_count[${window}]))`,
  );
  for (const f of failed.sort((a, b) => b.value - a.value)) {
    const job = f.metric['job'];
    const peer = f.metric['peer_service'];
    if (job === undefined || peer === undefined) continue;
    const total = totals.find((s) => s.metric['job'] === job && s.metric['peer_service'] === peer);
    const ratio = total && total.value > 0 ? f.value / total.value : 0;
    if (f.value < MIN_NETWORK_FAILURES || ratio < MIN_NETWORK_FAILURE_RATIO) continue;
    const answered = answeredDespiteFailure(t, job, peer);
    if (answered === 0) continue;
    return {
      service: job,
      fault: `network resets between ${job} and ${peer}`,
      evidence: [
        `${percent(ratio)} of ${job}'s calls to ${peer} failed at the network level (http_client_request_duration_seconds{outcome="network"})`,
        `in ${answered} traces ${peer} served the request it sent, yet ${job}'s call failed: the answer was lost on the way back`,
      ],
    };
  }
  return undefined;
}

/**
 * Calls of `caller` that got no answer (an HTTP client span that ended without a response status:
 * the connection broke; the undici instrumentation leaves such spans' status unset) although the
 * server span they started in `callee` completed without error. A 4xx is an answer, and a callee
 * that never saw the call (down, refusing connections) has no server span under it.
 */
function answeredDespiteFailure(t: Telemetry, caller: string, callee: string): number {
  const unanswered = new Set(
    t.spans
      .filter(
        (s) =>
          s.service === caller &&
          s.kind === SpanKind.client &&
          s.attributes['http.request.method'] !== undefined &&
          s.attributes['http.response.status_code'] === undefined,
      )
      .map((s) => s.spanId),
  );
  return t.spans.filter(
    (s) =>
      s.service === callee &&
      s.kind === SpanKind.server &&
      s.parentSpanId !== undefined &&
      unanswered.has(s.parentSpanId) &&
      s.status.code !== STATUS_ERROR,
  ).length;
}

/**
 * Memory a process keeps and never gives back, growing steadily across the window. Off-heap growth
 * (Buffers) counts at any age; heap growth only once the process is past its warm-up, when a young
 * process's heap still grows as V8 sizes its generations.
 */
export async function memoryLeak(t: Telemetry): Promise<Finding | undefined> {
  const window = promRange(t);
  const perMinute = (metric: string) => `deriv(${metric}[${window}]) * 60`;
  // Steady: growing in each half of the window, not one jump (a warm-up, a burst of requests).
  const half = promRange(t, 0.5);
  const steadyGrowth = (metric: string) =>
    `${perMinute(metric)} >= ${LEAK_BYTES_PER_MINUTE}` +
    ` and deriv(${metric}[${half}]) * 60 >= ${LEAK_BYTES_PER_MINUTE / 2}` +
    ` and deriv(${metric}[${half}] offset ${half}) * 60 >= ${LEAK_BYTES_PER_MINUTE / 2}`;
  const offHeap = await t.query(steadyGrowth('nodejs_external_memory_bytes'));
  const onHeap = await t.query(
    `${steadyGrowth('nodejs_heap_size_used_bytes')} and on (job, instance) (time() - process_start_time_seconds) > ${WARM_UP_SECONDS}`,
  );
  const leaking = [
    ...offHeap.map((s) => ({ s, where: OFF_HEAP })),
    ...onHeap.map((s) => ({ s, where: ON_HEAP })),
  ].sort((a, b) => b.s.value - a.s.value)[0];
  const job = leaking?.s.metric['job'];
  if (!leaking || job === undefined) return undefined;
  const rss = await t.query(
    `${perMinute('process_resident_memory_bytes')} and on (job, instance) nodejs_heap_size_used_bytes`,
  );
  const own = rss.find((s) => s.metric['job'] === job);
  if (!own || own.value < LEAK_BYTES_PER_MINUTE / 2) return undefined;
  const others = rss.filter((s) => s !== own).map((s) => s.value / MB);
  return {
    service: job,
    fault: 'memory leak',
    evidence: [
      `${job}'s memory ${leaking.where} grows ${(leaking.s.value / MB).toFixed(1)} MB a minute, steadily over ${window}`,
      `its resident memory grows ${(own.value / MB).toFixed(1)} MB a minute (deriv(process_resident_memory_bytes)); the other services' at most ${Math.max(0, ...others).toFixed(1)} MB`,
    ],
  };
}
