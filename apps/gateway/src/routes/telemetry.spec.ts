import { collectorAnswers, startGateway } from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';

/** A browser's OTLP/JSON trace export, as exporter-trace-otlp-http sends it. */
const traceExport = (attribute = 'x') => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'storefront' } }] },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-fetch' },
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              name: 'HTTP GET',
              kind: 3,
              startTimeUnixNano: '1730000000000000000',
              endTimeUnixNano: '1730000000100000000',
              attributes: [{ key: 'note', value: { stringValue: attribute } }],
            },
          ],
        },
      ],
    },
  ],
});

describe('POST /otlp/v1/traces: browser telemetry on to the collector', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.collector.answer(collectorAnswers);
    gw.collector.received.length = 0;
  });

  const send = (body: string, contentType = 'application/json') =>
    fetch(`${gw.url}/otlp/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it("forwards the export to the collector's /v1/traces as JSON and answers with the collector's answer", async () => {
    const res = await send(JSON.stringify(traceExport()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: {} });
    expect(gw.collector.received).toHaveLength(1);
    const forwarded = gw.collector.received[0]!;
    expect([forwarded.method, forwarded.url, forwarded.headers['content-type']]).toEqual([
      'POST',
      '/v1/traces',
      'application/json',
    ]);
    expect(JSON.parse(forwarded.body)).toEqual(traceExport());
    // The collector is telemetry's, not the shop's: no service token goes to it.
    expect(forwarded.headers['x-service-token']).toBeUndefined();
  });

  it("passes the collector's refusal on with its status", async () => {
    gw.collector.answer(() => ({
      status: 400,
      body: { code: 3, message: 'bad trace id' },
      contentType: 'application/json',
    }));
    const res = await send(JSON.stringify(traceExport()));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 3, message: 'bad trace id' });
  });

  it('accepts an export up to 512 KB, refuses a larger one with 413; the collector gets nothing', async () => {
    const large = JSON.stringify(traceExport('y'.repeat(400_000)));
    expect((await send(large)).status).toBe(200);
    gw.collector.received.length = 0;
    const tooLarge = await send(JSON.stringify(traceExport('y'.repeat(530_000))));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'payload_too_large' });
    expect(gw.collector.received).toEqual([]);
  });

  it('refuses what is not JSON (protobuf, text) with 415 and malformed JSON with 400; the collector gets nothing', async () => {
    expect((await send('\x0a\x00', 'application/x-protobuf')).status).toBe(415);
    expect((await send('{"resourceSpans": [', 'application/json')).status).toBe(400);
    const untyped = await fetch(`${gw.url}/otlp/v1/traces`, { method: 'POST' });
    expect(untyped.status).toBe(415);
    expect(await untyped.json()).toMatchObject({
      invalid_params: [{ name: 'header.Content-Type' }],
    });
    expect(gw.collector.received).toEqual([]);
  });

  it('answers 503 problem naming the collector when it cannot be reached', async () => {
    gw.collector.answer(() => ({ reset: true }));
    const res = await send(JSON.stringify(traceExport()));
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      code: 'dependency_unavailable',
      dependency: 'otel-collector',
    });
  });

  it('forwards no other OTLP signal and no other path', async () => {
    const logs = await fetch(`${gw.url}/otlp/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logs.status).toBe(404);
    expect((await fetch(`${gw.url}/otlp/v1/traces`)).status).toBe(404);
    expect(gw.collector.received).toEqual([]);
  });
});
