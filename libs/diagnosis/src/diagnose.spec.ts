import { describeFinding, diagnose } from './diagnose';
import type { DiagnosisSample, DiagnosisSpan, Telemetry } from './telemetry';

let nextId = 0;
const span = (
  fields: Partial<DiagnosisSpan> & Pick<DiagnosisSpan, 'service' | 'name'>,
): DiagnosisSpan => ({
  traceId: `t${nextId}`,
  spanId: `s${nextId++}`,
  parentSpanId: undefined,
  kind: 1,
  startTimeMs: 1_000_000 + nextId * 200,
  durationMs: 2,
  status: { code: 0 },
  attributes: {},
  ...fields,
});

/** A healthy checkout: order server span, payment server span, gateway span with its ledger write. */
function checkout(
  opts: {
    brand?: string;
    outcome?: string;
    gatewayMs?: number;
    ledger?: boolean;
    fraudMs?: number;
    inventorySqlMs?: number;
    status?: number;
    /** The payment release that served it (its resource's service.version), and its model. */
    release?: { version: string; fraudModel: string };
  } = {},
): DiagnosisSpan[] {
  const resource = opts.release && { 'service.version': opts.release.version };
  const trace = `trace${nextId++}`;
  const order = span({ service: 'order', name: 'POST /orders', kind: 2, traceId: trace });
  const reserveSql = span({
    service: 'inventory',
    name: 'UPDATE faultline_inventory',
    kind: 3,
    traceId: trace,
    durationMs: opts.inventorySqlMs ?? 3,
    attributes: {
      'db.system.name': 'postgresql',
      'db.query.text': 'UPDATE stock SET on_hand = on_hand - $1',
    },
  });
  const payment = span({
    service: 'payment',
    name: 'POST /payments',
    kind: 2,
    traceId: trace,
    ...(resource && { resource, durationMs: 2 + (opts.fraudMs ?? 1) + (opts.gatewayMs ?? 6) }),
  });
  const fraud = span({
    service: 'payment',
    name: 'fraud.score',
    traceId: trace,
    parentSpanId: payment.spanId,
    durationMs: opts.fraudMs ?? 1,
    ...(resource && { resource }),
    ...(opts.release && { attributes: { 'fraud.model': opts.release.fraudModel } }),
  });
  const gateway = span({
    service: 'payment',
    name: 'card_gateway.charge',
    traceId: trace,
    parentSpanId: payment.spanId,
    durationMs: opts.gatewayMs ?? 6,
    ...(resource && { resource }),
    status: { code: opts.outcome === 'gateway_error' ? 2 : 0 },
    attributes: {
      'payment.card_brand': opts.brand ?? 'visa',
      'payment.outcome': opts.outcome ?? 'captured',
      ...(opts.outcome === 'gateway_error'
        ? { 'gateway.error_code': 'gateway_unavailable', 'gateway.http_status': opts.status ?? 503 }
        : {}),
      ...(opts.outcome === 'declined' ? { 'payment.decline_code': 'card_declined' } : {}),
    },
  });
  const ledger =
    (opts.outcome ?? 'captured') === 'captured' && opts.ledger !== false
      ? [
          span({
            service: 'payment',
            name: 'INSERT faultline_payments',
            kind: 3,
            traceId: trace,
            parentSpanId: gateway.spanId,
            attributes: {
              'db.system.name': 'postgresql',
              'db.query.text': 'INSERT INTO gateway_charges',
            },
          }),
        ]
      : [];
  return [order, reserveSql, payment, fraud, gateway, ...ledger];
}

const many = (n: number, make: (i: number) => DiagnosisSpan[]): DiagnosisSpan[] =>
  Array.from({ length: n }, (_, i) => make(i)).flat();

/** Prometheus as a table of expression fragments to samples: the edge these tests are about. */
function prometheus(answers: [RegExp, DiagnosisSample[]][] = []): Telemetry['query'] {
  const healthy: [RegExp, DiagnosisSample[]][] = [
    [/retry_worker_heartbeat/, [{ metric: { job: 'order' }, value: 0.4 }]],
    [
      /process_resident_memory_bytes/,
      ['catalog', 'inventory', 'order', 'payment'].map((job) => ({ metric: { job }, value: 1e5 })),
    ],
    [/process_cpu_seconds_total/, [{ metric: { job: 'payment' }, value: 0.05 }]],
  ];
  return (expr) => {
    const hit = [...answers, ...healthy].find(([pattern]) => pattern.test(expr));
    return Promise.resolve(hit ? hit[1] : []);
  };
}

const telemetry = (spans: DiagnosisSpan[], query = prometheus()): Telemetry => ({
  spans,
  query,
  windowSeconds: 60,
});

describe('diagnose (from spans and Prometheus alone)', () => {
  it('finds nothing in a healthy shop, declines of a test card included', async () => {
    const spans = many(60, (i) =>
      checkout({ brand: i % 3 ? 'visa' : 'mastercard', outcome: i % 20 ? 'captured' : 'declined' }),
    );
    expect(await diagnose(telemetry(spans))).toEqual([]);
  });

  it('names a card gateway returning 503 with the share and the code', async () => {
    const spans = many(40, (i) => checkout(i % 3 === 0 ? { outcome: 'gateway_error' } : {}));
    const [finding] = await diagnose(telemetry(spans));
    expect(finding && describeFinding(finding)).toBe('payment: card gateway returning 503');
    expect(finding?.evidence[0]).toMatch(
      /14 of 40 card_gateway\.charge spans \(35%\) failed: gateway_unavailable ×14/,
    );
  });

  it('does not call a lone gateway error an outage', async () => {
    const spans = many(100, (i) => checkout(i === 0 ? { outcome: 'gateway_error' } : {}));
    expect(await diagnose(telemetry(spans))).toEqual([]);
  });

  it('names gateway latency when the third-party call is slow at the median', async () => {
    const spans = many(10, () => checkout({ gatewayMs: 2600 }));
    const [finding] = await diagnose(telemetry(spans));
    expect(finding && describeFinding(finding)).toBe('payment: card gateway latency');
  });

  it('names declines concentrated on one brand, and the brand', async () => {
    const spans = many(60, (i) => {
      const brand = i % 2 ? 'mastercard' : 'visa';
      return checkout({
        brand,
        outcome: brand === 'mastercard' && i % 5 !== 1 ? 'declined' : 'captured',
      });
    });
    const [finding] = await diagnose(telemetry(spans));
    expect(finding && describeFinding(finding)).toBe('payment: card declines for one brand');
    expect(finding?.evidence[0]).toMatch(/^\d+% of mastercard charges are declined/);
  });

  it('does not blame a brand when every brand is declined alike', async () => {
    const spans = many(60, (i) =>
      checkout({ brand: i % 2 ? 'mastercard' : 'visa', outcome: i % 3 ? 'captured' : 'declined' }),
    );
    expect(await diagnose(telemetry(spans))).toEqual([]);
  });

  it('names approvals without a ledger write, once their children had time to arrive', async () => {
    const spans = many(40, (i) => checkout({ ledger: i % 5 !== 0 }));
    const [finding] = await diagnose(telemetry(spans));
    expect(finding && describeFinding(finding)).toBe(
      'payment: gateway approves without booking the charge',
    );
    // The newest spans' children may still be in flight: the same shape 1 s ago proves nothing.
    const recent = many(3, () => checkout({ ledger: false })).map((s) => ({
      ...s,
      startTimeMs: 2_000_000,
    }));
    const late = many(30, () => checkout()).map((s) => ({ ...s, startTimeMs: 1_999_000 }));
    expect(await diagnose(telemetry([...late, ...recent]))).toEqual([]);
  });

  it('names database latency in the service whose SQL is slow', async () => {
    const spans = many(20, (i) => checkout({ inventorySqlMs: i % 3 ? 1500 : 4 }));
    const [finding] = await diagnose(telemetry(spans));
    expect(finding && describeFinding(finding)).toBe('inventory: database latency');
    expect(finding?.evidence[0]).toMatch(
      /^inventory's query "UPDATE stock SET on_hand = on_hand - \$1": p90 1500 ms over 20 runs/,
    );
  });

  it('names a CPU hot loop only when the process spends the span time on CPU', async () => {
    const spans = many(120, () => checkout({ fraudMs: 45 }));
    const hot = prometheus([
      [/process_cpu_seconds_total\{job="payment"\}/, [{ metric: { job: 'payment' }, value: 0.6 }]],
    ]);
    const [finding] = await diagnose(telemetry(spans, hot));
    expect(finding && describeFinding(finding)).toBe('payment: fraud scoring CPU hot loop');
    // A blocked event loop makes the same process's SQL spans slow too: the loop is the cause.
    const withSlowSql = [
      ...spans,
      ...many(10, () => [
        span({
          service: 'payment',
          name: 'pg.query:INSERT',
          kind: 3,
          durationMs: 400,
          attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO payments' },
        }),
      ]),
    ];
    expect((await diagnose(telemetry(withSlowSql, hot))).map(describeFinding)).toEqual([
      'payment: fraud scoring CPU hot loop',
      'payment: database latency',
    ]);
    // Same spans, idle CPU: the span waited (an un-instrumented call, a blocked loop elsewhere).
    expect(await diagnose(telemetry(spans))).toEqual([]);
  });

  it('names a canary release slower than the stable one beside it, and what grew inside', async () => {
    const stable = { version: '0.1.0', fraudModel: 'checksum' };
    const canary = { version: '0.2.0', fraudModel: 'velocity' };
    const spans = many(100, (i) =>
      i % 10 < 3 ? checkout({ release: canary, fraudMs: 30 }) : checkout({ release: stable }),
    );
    const byVersion = prometheus([
      [
        /target_info/,
        [
          { metric: { service_version: '0.1.0' }, value: 0.009 },
          { metric: { service_version: '0.2.0' }, value: 0.038 },
        ],
      ],
      // The canary's fraud model also keeps payment's CPU busy: still the release's doing.
      [/process_cpu_seconds_total\{job="payment"\}/, [{ metric: { job: 'payment' }, value: 0.6 }]],
    ]);
    const findings = await diagnose(telemetry(spans, byVersion));
    expect(findings.map(describeFinding)[0]).toBe('payment: regression in version 0.2.0');
    expect(findings[0]?.evidence).toEqual([
      'payment POST /payments: median 38 ms on 0.2.0 (30 requests), 9 ms on 0.1.0 (70): 4.2x, the same requests side by side',
      'inside it, fraud.score grew most: median 30 ms on 0.2.0, 1 ms on 0.1.0 (fraud.model "velocity" on 0.2.0, "checksum" on 0.1.0)',
      "Prometheus, mean time of payment's requests by service_version (target_info): 0.1.0 9 ms, 0.2.0 38 ms",
    ]);

    // Two releases alike are no regression; one release alone is compared with nothing.
    const alike = many(60, (i) => checkout({ release: i % 2 ? canary : stable, fraudMs: 1 }));
    expect(await diagnose(telemetry(alike))).toEqual([]);
    const alone = many(60, () => checkout({ release: canary, fraudMs: 3 }));
    expect(await diagnose(telemetry(alone))).toEqual([]);
  });

  it('names a CPU hot loop on a machine short of CPU, from the event loop it blocks', async () => {
    // 120 spans of 45 ms in 60 s keep 0.09 cores busy; starved, the process got only 0.05 of CPU.
    const spans = many(120, () => checkout({ fraudMs: 45 }));
    const starved = (lagSeconds: number) =>
      prometheus([
        [
          /process_cpu_seconds_total\{job="payment"\}/,
          [{ metric: { job: 'payment' }, value: 0.05 }],
        ],
        [
          /nodejs_eventloop_lag_p99_seconds\{job="payment"\}/,
          [{ metric: { job: 'payment' }, value: lagSeconds }],
        ],
      ]);
    const [finding] = await diagnose(telemetry(spans, starved(0.04)));
    expect(finding && describeFinding(finding)).toBe('payment: fraud scoring CPU hot loop');
    expect(finding?.evidence.join('\n')).toMatch(/event loop ran 40 ms late/);
    // A span that only waits (a timer) leaves the loop free: no hot loop, however slow the span.
    expect(await diagnose(telemetry(spans, starved(0.012)))).toEqual([]);
  });

  it('names a stopped retry worker from its stale heartbeat, before the errors it leaves behind', async () => {
    const spans = many(40, (i) => checkout(i % 8 === 0 ? { outcome: 'gateway_error' } : {}));
    const query = prometheus([
      [/retry_worker_heartbeat/, [{ metric: { job: 'order', instance: 'order:3003' }, value: 74 }]],
      [/order_retry_queue_depth/, [{ metric: { job: 'order' }, value: 23 }]],
    ]);
    const findings = (await diagnose(telemetry(spans, query))).map(describeFinding);
    expect(findings).toEqual([
      'order: retry worker stopped',
      'payment: card gateway returning 503',
    ]);
  });

  it('names network resets only when the callee served the calls that failed', async () => {
    const healthy = many(20, () => checkout());
    // Order's call broke after sending (no HTTP status); payment's server span under it completed.
    const reset = many(5, () => {
      const call = span({
        service: 'order',
        name: 'POST',
        kind: 3,
        attributes: { 'http.request.method': 'POST' },
      });
      const served = span({
        service: 'payment',
        name: 'POST /payments',
        kind: 2,
        traceId: call.traceId,
        parentSpanId: call.spanId,
      });
      return [call, served];
    });
    // Declines: order's client span is an error (402), payment's server span under it is not.
    const declined = many(10, () => {
      const call = span({
        service: 'order',
        name: 'POST',
        kind: 3,
        status: { code: 2 },
        attributes: { 'http.request.method': 'POST', 'http.response.status_code': 402 },
      });
      return [
        call,
        span({ service: 'payment', name: 'POST /payments', kind: 2, parentSpanId: call.spanId }),
      ];
    });
    const query = prometheus([
      [/outcome="network"/, [{ metric: { job: 'order', peer_service: 'payment' }, value: 5 }]],
      [
        /http_client_request_duration_seconds_count\[/,
        [{ metric: { job: 'order', peer_service: 'payment' }, value: 20 }],
      ],
    ]);
    const [finding] = await diagnose(telemetry([...healthy, ...reset, ...declined], query));
    expect(finding && describeFinding(finding)).toBe(
      'order: network resets between order and payment',
    );
    expect(finding?.evidence[1]).toMatch(/^in 5 traces payment served the request/);
    // Payment never saw those calls (down, refusing connections); declines are answers: no reset.
    const unanswered = [...healthy, ...declined, ...reset.filter((s) => s.service === 'order')];
    expect(await diagnose(telemetry(unanswered, query))).toEqual([]);
  });

  it('keeps the other findings when one question cannot be answered', async () => {
    const spans = many(40, (i) => checkout(i % 3 === 0 ? { outcome: 'gateway_error' } : {}));
    const refusing: Telemetry['query'] = (expr) =>
      /heartbeat/.test(expr) ? Promise.reject(new Error('parse error')) : prometheus()(expr);
    expect((await diagnose(telemetry(spans, refusing))).map(describeFinding)).toEqual([
      'diagnosis: stoppedWorker could not run',
      'payment: card gateway returning 503',
    ]);
  });

  it('names a memory leak in the one service whose memory keeps climbing', async () => {
    const query = prometheus([
      [
        /deriv\(nodejs_external_memory_bytes/,
        [{ metric: { job: 'catalog' }, value: 25 * 1024 * 1024 }],
      ],
      [
        /deriv\(process_resident_memory_bytes/,
        [
          { metric: { job: 'catalog' }, value: 24 * 1024 * 1024 },
          { metric: { job: 'order' }, value: 1024 * 1024 },
        ],
      ],
    ]);
    const [finding] = await diagnose(
      telemetry(
        many(10, () => checkout()),
        query,
      ),
    );
    expect(finding && describeFinding(finding)).toBe('catalog: memory leak');
    expect(finding?.evidence).toEqual([
      "catalog's memory outside the JavaScript heap (nodejs_external_memory_bytes: Buffers) grows 25.0 MB a minute, steadily over 60s",
      "its resident memory grows 24.0 MB a minute (deriv(process_resident_memory_bytes)); the other services' at most 1.0 MB",
    ]);
  });

  it('judges heap growth only past warm-up, where the query itself asks for the process age', async () => {
    const asked: string[] = [];
    const base = prometheus();
    await diagnose(telemetry([], (expr) => (asked.push(expr), base(expr))));
    expect(asked.find((e) => e.includes('nodejs_heap_size_used_bytes'))).toMatch(
      /and on \(job, instance\) \(time\(\) - process_start_time_seconds\) > 300$/,
    );
  });
});
