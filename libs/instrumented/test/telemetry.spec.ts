/**
 * The real preload in real processes: auto-instrumentation cannot patch modules that Jest loads, so
 * these tests run a fixture service with `node --require register.js` and receive what it exports.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOtlpReceiver } from '../src/testing';
import type { OtlpReceiver, ReceivedSpan } from '../src/testing';
import { eventually, startServiceProcess } from './support/service-process';
import type { ServiceProcess } from './support/service-process';

const SERVER = 2;
const CLIENT = 3;
const baseEnv = {
  OTEL_SERVICE_NAME: 'fixture',
  SERVICE_VERSION: '1.2.3',
  DEPLOYMENT_ENVIRONMENT: 'test',
};

const serverSpanFor = (route: string) => (span: ReceivedSpan) =>
  span.kind === SERVER && span.attributes['http.route'] === route;

describe('telemetry preload in a real process', () => {
  let receiver: OtlpReceiver;
  let downstream: Server;
  let downstreamHeaders: IncomingHttpHeaders[];
  let service: ServiceProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    downstreamHeaders = [];
    downstream = createServer((req, res) => {
      downstreamHeaders.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"echo":true}');
    });
    downstream.listen(0, '127.0.0.1');
    await once(downstream, 'listening');
    service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      DOWNSTREAM_URL: `http://127.0.0.1:${(downstream.address() as AddressInfo).port}`,
    });
  });
  afterAll(async () => {
    await service.stop();
    downstream.closeAllConnections();
    await new Promise((resolve) => downstream.close(resolve));
    await receiver.close();
  });

  it('turns a request into a span, a log line with its trace_id and an exemplar with the same trace_id', async () => {
    const response = await fetch(`${service.url}/hello/ada`, {
      headers: { 'x-request-id': 'req-trace-1' },
    });
    expect(response.status).toBe(200);
    const span = await receiver.waitForSpan(serverSpanFor('/hello/:name'));
    expect(span.attributes['http.request.header.x-request-id']).toEqual(['req-trace-1']);
    expect(span.resource).toMatchObject({
      'service.name': 'fixture',
      'service.version': '1.2.3',
      'deployment.environment.name': 'test',
    });
    expect(span.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);

    const logLine = await eventually(() => service.lines().find((l) => l['event'] === 'greeted'));
    expect(logLine).toMatchObject({
      trace_id: span.traceId,
      request_id: 'req-trace-1',
      service: 'fixture',
    });

    const exposition = await (await fetch(`${service.url}/metrics`)).text();
    expect(exposition).toMatch(
      new RegExp(
        `http_server_request_duration_seconds_bucket\\{[^}]*route="/hello/:name"[^}]*\\} \\d+ # \\{trace_id="${span.traceId}"`,
      ),
    );

    const exported = await eventually(() => receiver.logs().find((l) => l.body === 'greeting'));
    expect(exported).toMatchObject({ service: 'fixture', traceId: span.traceId });
    expect(exported.resource['service.version']).toBe('1.2.3');
    expect(exported.attributes['request_id']).toBe('req-trace-1');
  });

  it('does not load the auto-instrumentations metapackage by default', async () => {
    expect(await (await fetch(`${service.url}/loaded`)).json()).toEqual({ metapackage: false });
  });

  it('propagates traceparent and the request id to the service it calls', async () => {
    const response = await fetch(`${service.url}/relay`, {
      headers: { 'x-request-id': 'req-relay' },
    });
    expect(await response.json()).toEqual({ echo: true });
    const server = await receiver.waitForSpan(serverSpanFor('/relay'));
    const client = await receiver.waitForSpan(
      (s) => s.kind === CLIENT && s.traceId === server.traceId,
    );
    const headers = downstreamHeaders.at(-1);
    expect(headers?.['traceparent']).toBe(`00-${server.traceId}-${client.spanId}-01`);
    expect(headers?.['x-request-id']).toBe('req-relay');
  });

  it('keeps the browser’s spans it forwards to the collector out of traces: no server span for /otlp, no client span to the collector', async () => {
    /** A browser's OTLP/JSON export of one span, as the storefront sends it to the gateway. */
    const browserExport = (name: string, traceId: string) =>
      JSON.stringify({
        resourceSpans: [
          {
            resource: {
              attributes: [{ key: 'service.name', value: { stringValue: 'storefront' } }],
            },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId: 'eee19b7ec3c1b174',
                    name,
                    kind: CLIENT,
                    startTimeUnixNano: '1730000000000000000',
                    endTimeUnixNano: '1730000000100000000',
                  },
                ],
              },
            ],
          },
        ],
      });
    const post = (path: string, body: string) =>
      fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

    expect(
      (
        await post(
          '/otlp/v1/traces',
          browserExport('browser click', '5b8efff798038103d269b633813fc60c'),
        )
      ).status,
    ).toBe(200);
    // From a traced path as well: the collector's origin is left out whoever calls it.
    expect(
      (
        await post(
          '/forward/v1/traces',
          browserExport('browser scroll', '6c9f00a8a9149214e37ac744924fd71d'),
        )
      ).status,
    ).toBe(200);
    // Forwarded (the receiver is the collector here), and the forward's own request exported: the
    // spans of both forwards, had there been any, ended before it and went out no later.
    await receiver.waitForSpan((s) => s.name === 'browser click');
    await receiver.waitForSpan((s) => s.name === 'browser scroll');
    const traced = await receiver.waitForSpan(serverSpanFor('/forward/v1/traces'));

    const ofTheForward = receiver
      .spans()
      .filter(
        (s) =>
          String(s.attributes['url.path']).startsWith('/otlp/') ||
          s.attributes['server.port'] === receiver.port ||
          (s.kind === CLIENT && s.traceId === traced.traceId),
      )
      .map(
        (s) =>
          `${s.kind} ${s.name} ${String(s.attributes['url.full'] ?? s.attributes['url.path'])}`,
      );
    expect(ofTheForward).toEqual([]);
  });

  it('leaves health and metrics endpoints out of traces', async () => {
    await fetch(`${service.url}/health/live`);
    await fetch(`${service.url}/health/ready`);
    await fetch(`${service.url}/metrics`);
    await fetch(`${service.url}/hello/after-probes`);
    await receiver.waitForSpan(
      (s) => s.kind === SERVER && String(s.attributes['url.path']).includes('after-probes'),
    );
    const polled = receiver
      .spans()
      .filter((s) => /health|metrics/.test(String(s.attributes['url.path'])));
    expect(polled).toEqual([]);
  });
});

describe('telemetry preload, shutdown and failure', () => {
  it('flushes spans still in the batch when the process gets SIGTERM', async () => {
    const receiver = await startOtlpReceiver();
    const service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    try {
      await fetch(`${service.url}/hello/last-words`);
      expect(receiver.spans()).toEqual([]);
      expect(await service.stop('SIGTERM')).toBe(0);
      expect(
        receiver.spans().some((s) => String(s.attributes['url.path']).includes('last-words')),
      ).toBe(true);
    } finally {
      await service.stop();
      await receiver.close();
    }
  });

  it('keeps serving when the collector is unreachable, and warns once', async () => {
    const service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    try {
      for (let round = 0; round < 4; round++) {
        const statuses = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            fetch(`${service.url}/hello/n${round}-${i}`).then((r) => r.status),
          ),
        );
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await eventually(() => service.lines().find((l) => l['event'] === 'telemetry_export_failed'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(service.lines().filter((l) => l['event'] === 'telemetry_export_failed')).toHaveLength(
        1,
      );
      expect(service.child.exitCode).toBeNull();
      expect((await fetch(`${service.url}/hello/still-here`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});

describe('continuous profiling', () => {
  it('pushes profiles of the service to Pyroscope when PYROSCOPE_SERVER_ADDRESS is set', async () => {
    const ingested: string[] = [];
    const pyroscope = createServer((req, res) => {
      ingested.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    pyroscope.listen(0, '127.0.0.1');
    await once(pyroscope, 'listening');
    const service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      OTEL_SDK_DISABLED: 'true',
      PYROSCOPE_SERVER_ADDRESS: `http://127.0.0.1:${(pyroscope.address() as AddressInfo).port}`,
      PYROSCOPE_APPLICATION_NAME: 'faultline.fixture',
      PYROSCOPE_FLUSH_INTERVAL_MS: '1000',
    });
    try {
      await fetch(`${service.url}/hello/profiled`);
      const push = await eventually(
        () => ingested.find((url) => url.startsWith('/ingest')),
        15_000,
      );
      expect(decodeURIComponent(push)).toMatch(/name=faultline\.fixture/);
      expect(decodeURIComponent(push)).toMatch(/service_name=fixture/);
      expect(decodeURIComponent(push)).toMatch(/service_version=1\.2\.3/);
    } finally {
      await service.stop();
      pyroscope.closeAllConnections();
      await new Promise((resolve) => pyroscope.close(resolve));
    }
  });

  it('keeps the profiler’s own uploads out of traces, while the service’s fetch calls stay traced', async () => {
    const uploads: IncomingHttpHeaders[] = [];
    const pyroscope = createServer((req, res) => {
      if (req.url?.startsWith('/ingest')) uploads.push(req.headers);
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    const downstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"echo":true}');
    });
    for (const server of [pyroscope, downstream]) {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    const pyroscopePort = (pyroscope.address() as AddressInfo).port;
    const receiver = await startOtlpReceiver();
    const service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      DOWNSTREAM_URL: `http://127.0.0.1:${(downstream.address() as AddressInfo).port}`,
      PYROSCOPE_SERVER_ADDRESS: `http://127.0.0.1:${pyroscopePort}`,
      PYROSCOPE_FLUSH_INTERVAL_MS: '500',
    });
    try {
      await eventually(() => (uploads.length >= 2 ? uploads : undefined), 15_000);
      // A traced call after the uploads: once its client span has arrived, so would theirs.
      expect(await (await fetch(`${service.url}/relay`)).json()).toEqual({ echo: true });
      const relay = await receiver.waitForSpan(serverSpanFor('/relay'));
      await receiver.waitForSpan((s) => s.kind === CLIENT && s.traceId === relay.traceId);
      const toPyroscope = receiver
        .spans()
        .filter((s) => s.attributes['server.port'] === pyroscopePort);
      expect(toPyroscope).toEqual([]);
      expect(uploads.filter((headers) => headers['traceparent'] !== undefined)).toEqual([]);
    } finally {
      await service.stop();
      await receiver.close();
      for (const server of [pyroscope, downstream]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });
});

describe('FAULTLINE_INSTRUMENTATIONS=auto (the metapackage, five instrumentations enabled)', () => {
  it('turns a request into a server span named after its route, and leaves probes out', async () => {
    const receiver = await startOtlpReceiver();
    const service = await startServiceProcess('traced-service.cjs', {
      ...baseEnv,
      FAULTLINE_INSTRUMENTATIONS: 'auto',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      expect(await (await fetch(`${service.url}/loaded`)).json()).toEqual({ metapackage: true });
      await fetch(`${service.url}/health/ready`);
      expect((await fetch(`${service.url}/hello/auto`)).status).toBe(200);
      const span = await receiver.waitForSpan(
        (s) => s.kind === SERVER && s.attributes['http.route'] === '/hello/:name',
      );
      expect(span.resource).toMatchObject({ 'service.name': 'fixture' });
      expect(
        receiver.spans().filter((s) => /health/.test(String(s.attributes['url.path']))),
      ).toEqual([]);
      expect(service.lines().some((l) => l['event'] === 'telemetry_export_failed')).toBe(false);
    } finally {
      await service.stop();
      await receiver.close();
    }
  });
});
