import type { DiagnosisSpan, Finding, Telemetry } from './telemetry';
import {
  SpanKind,
  groupBy,
  isPostgresSpan,
  ms,
  parentIds,
  percent,
  promRange,
  quantile,
  statementOf,
  textOf,
  versionOf,
} from './telemetry';
import { EXTERNAL_CALLS, GATEWAY_SPAN, GatewayAttribute, purposeOf } from './vocabulary';

const MIN_SPANS = 5;
/** A query this slow at the 90th percentile is waiting on something (locks, I/O), not working. */
const SLOW_QUERY_P90_MS = 250;
/** A third-party call this slow at the median is the third party's problem. */
const SLOW_CALL_P50_MS = 500;
/** A leaf span doing pure work this long at the median is hot. */
const HOT_SPAN_P50_MS = 10;
/** Share of the span's wall time the process spent on CPU for it to count as CPU-bound. */
const CPU_BOUND_SHARE = 0.7;
/** CPU cores a span's work must take, on average, to matter at all. */
const MIN_BUSY_CORES = 0.05;
/**
 * A leaf span holds its process's event loop when the loop's p99 lag (its median over the window)
 * is at least this share of the span's median: the span runs synchronously, on the loop's thread.
 */
const BLOCKED_LOOP_SHARE = 0.5;
const MIN_GATEWAY_ERROR_RATIO = 0.05;
const MIN_BRAND_DECLINE_RATIO = 0.3;
const MIN_UNBOOKED_RATIO = 0.05;
/** A release whose requests take this many times the median of the release beside it regressed. */
const REGRESSION_RATIO = 1.5;
/** Spans this recent may still be missing relatives still in an exporter's queue. */
const CHILDREN_SETTLE_MS = 3000;

/**
 * One kind of query is slow while the service's other work is not: the database is in the way
 * (locks, I/O). Judged per statement, because one waiting statement among many quick ones is
 * exactly what lock contention looks like.
 */
export function databaseLatency(t: Telemetry): Finding | undefined {
  const byStatement = groupBy(
    t.spans.filter(isPostgresSpan),
    (s) => `${s.service}\u0000${statementOf(s)}`,
  );
  const slow = [...byStatement.values()]
    .filter((spans) => spans.length >= MIN_SPANS)
    .map((spans) => ({
      spans,
      p90: quantile(
        spans.map((s) => s.durationMs),
        0.9,
      ),
    }))
    .filter((g) => g.p90 >= SLOW_QUERY_P90_MS)
    .sort((a, b) => b.p90 - a.p90)[0];
  if (!slow) return undefined;
  const [first] = slow.spans as [DiagnosisSpan, ...DiagnosisSpan[]];
  const statement = statementOf(first).replace(/\s+/g, ' ').slice(0, 100);
  const all = t.spans.filter((s) => isPostgresSpan(s) && s.service === first.service);
  const others = t.spans.filter((s) => isPostgresSpan(s) && s.service !== first.service);
  return {
    service: first.service,
    fault: 'database latency',
    evidence: [
      `${first.service}'s query "${statement}": p90 ${ms(slow.p90)} over ${slow.spans.length} runs, the slowest ${ms(
        quantile(
          slow.spans.map((s) => s.durationMs),
          1,
        ),
      )}`,
      `all of ${first.service}'s queries: p90 ${ms(
        quantile(
          all.map((s) => s.durationMs),
          0.9,
        ),
      )}; other services' queries: p90 ${ms(
        quantile(
          others.map((s) => s.durationMs),
          0.9,
        ),
      )}`,
    ],
  };
}

const median = (spans: readonly DiagnosisSpan[]): number =>
  quantile(
    spans.map((s) => s.durationMs),
    0.5,
  );

/**
 * Two releases of one service serve the same requests side by side (a canary beside the stable
 * one) and one takes far longer for them: the release regressed, whatever it does inside. Told by
 * each process's resource (service.version); the operation that grew is named from the spans
 * beneath, with the attributes that differ between the releases (the code path each one took),
 * and Prometheus's mean by service_version (target_info) confirms it where it can.
 */
export async function versionRegression(t: Telemetry): Promise<Finding | undefined> {
  const servers = t.spans.filter((s) => s.kind === SpanKind.server && versionOf(s) !== undefined);
  const candidates = [...groupBy(servers, (s) => `${s.service}\u0000${s.name}`).values()]
    .map((spans) =>
      [...groupBy(spans, versionOf)]
        .filter(([, ofVersion]) => ofVersion.length >= MIN_SPANS)
        .map(([version, ofVersion]) => ({ version, spans: ofVersion, p50: median(ofVersion) }))
        .sort((a, b) => a.p50 - b.p50),
    )
    .flatMap((releases) => {
      const [base] = releases;
      const slow = releases.at(-1);
      return base && slow && base !== slow ? [{ base, slow }] : [];
    })
    .filter(({ base, slow }) => slow.p50 >= REGRESSION_RATIO * Math.max(base.p50, 0.1))
    .sort((a, b) => b.slow.p50 / b.base.p50 - a.slow.p50 / a.base.p50);
  const worst = candidates[0];
  if (!worst) return undefined;
  const { base, slow } = worst;
  const [{ service, name }] = slow.spans as [DiagnosisSpan, ...DiagnosisSpan[]];
  const evidence = [
    `${service} ${name}: median ${ms(slow.p50)} on ${slow.version} (${slow.spans.length} requests), ${ms(base.p50)} on ${base.version} (${base.spans.length}): ${(slow.p50 / Math.max(base.p50, 0.1)).toFixed(1)}x, the same requests side by side`,
  ];

  // The operation beneath that grew the most, and what its spans say differently per release.
  const inner = t.spans.filter(
    (s) => s.service === service && s.kind !== SpanKind.server && versionOf(s) !== undefined,
  );
  const grown = [...groupBy(inner, (s) => s.name)]
    .map(([innerName, spans]) => {
      const slowOnes = spans.filter((s) => versionOf(s) === slow.version);
      const baseOnes = spans.filter((s) => versionOf(s) === base.version);
      return { innerName, slowOnes, baseOnes };
    })
    .filter(
      ({ slowOnes, baseOnes }) => slowOnes.length >= MIN_SPANS && baseOnes.length >= MIN_SPANS,
    )
    .map((g) => ({ ...g, growth: median(g.slowOnes) - median(g.baseOnes) }))
    .sort((a, b) => b.growth - a.growth)[0];
  if (grown && grown.growth > 0) {
    const [onSlow, onBase] = [grown.slowOnes[0]?.attributes, grown.baseOnes[0]?.attributes];
    const differing = Object.keys(onSlow ?? {}).flatMap((key) =>
      typeof onSlow?.[key] === 'string' && onSlow[key] !== onBase?.[key]
        ? [
            `${key} "${textOf(onSlow[key])}" on ${slow.version}, "${textOf(onBase?.[key])}" on ${base.version}`,
          ]
        : [],
    );
    evidence.push(
      `inside it, ${grown.innerName} grew most: median ${ms(median(grown.slowOnes))} on ${slow.version}, ${ms(median(grown.baseOnes))} on ${base.version}${differing.length > 0 ? ` (${differing.join('; ')})` : ''}`,
    );
  }
  const perVersion = (metric: string) =>
    `sum by (service_version) (rate(${metric}{job="${service}"}[${promRange(t)}]) * on (job, instance) group_left (service_version) target_info{job="${service}"})`;
  const means = await t.query(
    `${perVersion('http_server_request_duration_seconds_sum')} / ${perVersion('http_server_request_duration_seconds_count')}`,
  );
  if (means.length >= 2) {
    evidence.push(
      `Prometheus, mean time of ${service}'s requests by service_version (target_info): ${means
        .filter((sample) => Number.isFinite(sample.value))
        .map((sample) => `${sample.metric['service_version'] ?? '?'} ${ms(sample.value * 1000)}`)
        .join(', ')}`,
    );
  }
  return { service, fault: `regression in version ${slow.version}`, evidence };
}

/**
 * A leaf span doing pure work got slow, and its process spends the time on CPU, or holds its event
 * loop for it. The CPU share alone misses a hot loop on a machine short of CPU: the span's wall
 * time then includes the time the process waited for a core, and outgrows the CPU it used. A
 * blocked event loop says the same from inside the process, whatever else runs beside it, and a
 * span that only waits (a timer, an un-instrumented call) blocks nothing.
 */
export async function cpuHotLoop(t: Telemetry): Promise<Finding | undefined> {
  const parents = parentIds(t.spans);
  const leaves = t.spans.filter(
    (s) => s.kind === SpanKind.internal && !parents.has(s.spanId) && !EXTERNAL_CALLS.has(s.name),
  );
  const groups = [...groupBy(leaves, (s) => `${s.service}\u0000${s.name}`).values()]
    .filter((spans) => spans.length >= MIN_SPANS)
    .map((spans) => ({
      spans,
      p50: quantile(
        spans.map((s) => s.durationMs),
        0.5,
      ),
    }))
    .filter((g) => g.p50 >= HOT_SPAN_P50_MS)
    .sort((a, b) => b.p50 - a.p50);
  for (const { spans, p50 } of groups) {
    const [{ service, name }] = spans as [DiagnosisSpan, ...DiagnosisSpan[]];
    const busy = spans.reduce((sum, s) => sum + s.durationMs, 0) / 1000 / t.windowSeconds;
    if (busy < MIN_BUSY_CORES) continue;
    const [cpu] = await t.query(
      `rate(process_cpu_seconds_total{job="${service}"}[${promRange(t)}])`,
    );
    const [lag] = await t.query(
      `quantile_over_time(0.5, nodejs_eventloop_lag_p99_seconds{job="${service}"}[${promRange(t)}])`,
    );
    const onCpu = cpu !== undefined && cpu.value >= CPU_BOUND_SHARE * busy;
    const loopBlocked = lag !== undefined && lag.value * 1000 >= BLOCKED_LOOP_SHARE * p50;
    if (!onCpu && !loopBlocked) continue;
    return {
      service,
      fault: `${purposeOf(name)} CPU hot loop`,
      evidence: [
        `${name} spans in ${service}: median ${ms(p50)} over ${spans.length}, with no I/O beneath them`,
        ...(cpu
          ? [
              `${service} used ${cpu.value.toFixed(2)} CPU cores (rate(process_cpu_seconds_total)); ${name} alone accounts for ${busy.toFixed(2)}${onCpu ? ': the time is spent computing, not waiting' : ''}`,
            ]
          : []),
        ...(loopBlocked
          ? [
              `${service}'s event loop ran ${ms(lag.value * 1000)} late at its 99th percentile (median over the window of nodejs_eventloop_lag_p99_seconds): ${name} holds the loop's only thread while it runs`,
            ]
          : []),
      ],
    };
  }
  return undefined;
}

const gatewaySpans = (t: Telemetry): DiagnosisSpan[] =>
  t.spans.filter((s) => s.name === GATEWAY_SPAN);
const outcomeOf = (s: DiagnosisSpan): unknown => s.attributes[GatewayAttribute.outcome];

/** A third party's calls are slow at the median. */
export function externalLatency(t: Telemetry): Finding | undefined {
  for (const [, spans] of groupBy(
    t.spans.filter((s) => EXTERNAL_CALLS.has(s.name)),
    (s) => `${s.service}\u0000${s.name}`,
  )) {
    const p50 = quantile(
      spans.map((s) => s.durationMs),
      0.5,
    );
    if (spans.length < 3 || p50 < SLOW_CALL_P50_MS) continue;
    const [{ service, name }] = spans as [DiagnosisSpan, ...DiagnosisSpan[]];
    return {
      service,
      fault: `${purposeOf(name)} latency`,
      evidence: [
        `${name} spans in ${service}: median ${ms(p50)}, p90 ${ms(
          quantile(
            spans.map((s) => s.durationMs),
            0.9,
          ),
        )} over ${spans.length} calls`,
      ],
    };
  }
  return undefined;
}

/**
 * Approvals without the ledger write every real capture makes: the gateway said yes and booked
 * nothing. Only the shape of the trace shows it; every status is green.
 */
export function silentApprovals(t: Telemetry): Finding | undefined {
  const settled =
    t.spans.reduce((latest, s) => Math.max(latest, s.startTimeMs + s.durationMs), 0) -
    CHILDREN_SETTLE_MS;
  const parents = parentIds(t.spans);
  const captured = gatewaySpans(t).filter(
    (s) => outcomeOf(s) === 'captured' && s.startTimeMs + s.durationMs <= settled,
  );
  const unbooked = captured.filter((s) => !parents.has(s.spanId));
  // Dropped export batches orphan a few spans; a real fault leaves a steady share unbooked.
  if (
    unbooked.length < MIN_SPANS ||
    unbooked.length / captured.length < MIN_UNBOOKED_RATIO ||
    unbooked.length === captured.length
  )
    return undefined;
  const [first] = unbooked as [DiagnosisSpan];
  return {
    service: first.service,
    fault: 'gateway approves without booking the charge',
    evidence: [
      `${unbooked.length} of ${captured.length} captured ${GATEWAY_SPAN} spans (${percent(unbooked.length / captured.length)}) have no ledger write beneath them; every other capture has its INSERT INTO gateway_charges`,
      `for example trace ${first.traceId}`,
    ],
  };
}

/** One card brand is declined far more than the others. */
export function brandDeclines(t: Telemetry): Finding | undefined {
  const byBrand = [
    ...groupBy(gatewaySpans(t), (s) => {
      const brand = s.attributes[GatewayAttribute.brand];
      return typeof brand === 'string' ? brand : undefined;
    }),
  ].map(([brand, spans]) => {
    const declined = spans.filter((s) => outcomeOf(s) === 'declined');
    return { brand, spans, declined, ratio: declined.length / spans.length };
  });
  const worst = byBrand
    .filter((b) => b.declined.length >= MIN_SPANS)
    .sort((a, b) => b.ratio - a.ratio)[0];
  if (!worst || worst.ratio < MIN_BRAND_DECLINE_RATIO) return undefined;
  const others = byBrand.filter((b) => b !== worst && b.spans.length >= MIN_SPANS);
  if (others.some((b) => b.ratio >= worst.ratio / 2)) return undefined;
  const codes = [
    ...groupBy(worst.declined, (s) => textOf(s.attributes[GatewayAttribute.declineCode])),
  ]
    .map(([code, spans]) => `${code} ×${spans.length}`)
    .join(', ');
  const [first] = worst.spans as [DiagnosisSpan];
  return {
    service: first.service,
    fault: 'card declines for one brand',
    evidence: [
      `${percent(worst.ratio)} of ${worst.brand} charges are declined (${codes}); ${others.map((b) => `${b.brand} ${percent(b.ratio)}`).join(', ') || 'no other brand seen'}`,
    ],
  };
}

/** The gateway answers with errors: which status, how often. */
export function gatewayErrors(t: Telemetry): Finding | undefined {
  const spans = gatewaySpans(t);
  const failed = spans.filter((s) => outcomeOf(s) === 'gateway_error');
  if (failed.length < 3 || failed.length / spans.length < MIN_GATEWAY_ERROR_RATIO) return undefined;
  const [status, withStatus = []] = [
    ...groupBy(failed, (s) => {
      const code = s.attributes[GatewayAttribute.httpStatus];
      return code === undefined ? undefined : textOf(code);
    }),
  ].sort((a, b) => b[1].length - a[1].length)[0] ?? [undefined, []];
  const codes = [...groupBy(failed, (s) => textOf(s.attributes[GatewayAttribute.errorCode]))]
    .map(([code, group]) => `${code} ×${group.length}`)
    .join(', ');
  const [first] = failed as [DiagnosisSpan];
  return {
    service: first.service,
    fault: status === undefined ? 'card gateway failing' : `card gateway returning ${status}`,
    evidence: [
      `${failed.length} of ${spans.length} ${GATEWAY_SPAN} spans (${percent(failed.length / spans.length)}) failed: ${codes}`,
      ...(status === undefined
        ? []
        : [`${withStatus.length} answered HTTP ${status} (gateway.http_status)`]),
    ],
  };
}
