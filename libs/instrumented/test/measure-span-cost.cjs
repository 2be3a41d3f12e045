// What a span costs in CPU once it is made, per step: started and ended with no processor, through
// the batch span processor with the batch sizes and delays worth comparing, and serialised for
// OTLP/HTTP as JSON (what Faultline exports) or as protobuf. Spans are shaped like a checkout's
// (server, client and pg spans with their attributes). Interleaved rounds, medians printed in µs
// of CPU per span. Run on a quiet machine:
//   node libs/instrumented/test/measure-span-cost.cjs [rounds] [checkouts per round]
const { trace, SpanKind, context } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const {
  BatchSpanProcessor,
  NoopSpanProcessor,
  TracerProvider,
} = require('@opentelemetry/sdk-trace');
const { JsonTraceSerializer, ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { ExportResultCode } = require('@opentelemetry/core');
const { setImmediate } = require('node:timers');

const ROUNDS = Number(process.argv[2] ?? 5);
const CHECKOUTS = Number(process.argv[3] ?? 5000);

/** Stands in for the OTLP exporter: serialises each batch as the real one does, sends nothing. */
class SerialisingExporter {
  constructor(serializer) {
    this.serializer = serializer;
    this.bytes = 0;
    this.exports = 0;
  }
  export(spans, done) {
    if (this.serializer) this.bytes += this.serializer.serializeRequest(spans).length;
    this.exports++;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

/** One checkout's spans in one service: a server span, a client span and pg statements. */
function checkoutSpans(tracer) {
  const server = tracer.startSpan('POST /orders', {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': 'POST',
      'http.route': '/orders',
      'url.path': '/orders',
      'server.address': '127.0.0.1',
      'server.port': 3003,
      'http.response.status_code': 201,
    },
  });
  const ctx = trace.setSpan(context.active(), server);
  for (let i = 0; i < 4; i++) {
    tracer
      .startSpan(
        'INSERT faultline',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system.name': 'postgresql',
            'db.namespace': 'order',
            'db.query.text': 'INSERT INTO orders (id, status, total) VALUES ($1, $2, $3)',
            'server.address': '127.0.0.1',
            'server.port': 5432,
          },
        },
        ctx,
      )
      .end();
  }
  tracer
    .startSpan(
      'POST',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'url.full': 'http://127.0.0.1:3004/payments',
          'server.address': '127.0.0.1',
          'server.port': 3004,
          'http.response.status_code': 201,
        },
      },
      ctx,
    )
    .end();
  server.end();
}
const SPANS_PER_CHECKOUT = 6;

const SETUPS = {
  'no processor (span made and ended only)': () => ({ processor: new NoopSpanProcessor() }),
  'batch 512, 5 s delay, no serialisation': () => ({ exporter: new SerialisingExporter() }),
  'batch 512, 5 s delay, JSON (today)': () => ({
    exporter: new SerialisingExporter(JsonTraceSerializer),
  }),
  'batch 512, 5 s delay, protobuf': () => ({
    exporter: new SerialisingExporter(ProtobufTraceSerializer),
  }),
  'batch 128, 1 s delay, JSON': () => ({
    exporter: new SerialisingExporter(JsonTraceSerializer),
    batch: { maxExportBatchSize: 128, scheduledDelayMillis: 1000 },
  }),
  'batch 2048, queue 8192, JSON': () => ({
    exporter: new SerialisingExporter(JsonTraceSerializer),
    batch: { maxExportBatchSize: 2048, maxQueueSize: 8192 },
  }),
};

async function once(name) {
  const setup = SETUPS[name]();
  const processor =
    setup.processor ??
    new BatchSpanProcessor({
      exporter: setup.exporter,
      scheduledDelayMillis: 5000,
      maxExportBatchSize: 512,
      maxQueueSize: 2048,
      ...setup.batch,
    });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('measure');
  const before = process.cpuUsage();
  // In slices, as a service makes them between requests: the batch processor exports on its own
  // timer or when a batch fills, and a full queue drops spans (counted below).
  for (let slice = 0; slice < CHECKOUTS / 50; slice++) {
    for (let i = 0; i < 50; i++) checkoutSpans(tracer);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await provider.forceFlush();
  const used = process.cpuUsage(before);
  await provider.shutdown();
  const spans = CHECKOUTS * SPANS_PER_CHECKOUT;
  return {
    usPerSpan: (used.user + used.system) / spans,
    bytesPerSpan: setup.exporter ? setup.exporter.bytes / spans : 0,
    exports: setup.exporter ? setup.exporter.exports : 0,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const names = Object.keys(SETUPS);
  // A warm-up round, not counted: the JIT and the serialisers' first calls.
  for (const name of names) await once(name);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) results[name].push(await once(name));
  }
  console.log(`${CHECKOUTS * SPANS_PER_CHECKOUT} spans per round, ${ROUNDS} rounds, medians`);
  for (const name of names) {
    const runs = results[name];
    console.log(
      `${name.padEnd(44)} ${median(runs.map((r) => r.usPerSpan))
        .toFixed(1)
        .padStart(6)} µs CPU/span` +
        `  ${median(runs.map((r) => r.bytesPerSpan))
          .toFixed(0)
          .padStart(4)} B/span` +
        `  ${median(runs.map((r) => r.exports))} exports`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
