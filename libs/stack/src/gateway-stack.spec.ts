/**
 * The gateway as `npm start` runs it, in front of the four real services on PostgreSQL: a checkout
 * through the shop's front door is a real order, read back through it, and one trace from the
 * browser's span through the gateway into order.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';
import { DATABASE_NAMES } from './services';
import { startStack } from './start-stack';
import type { Stack } from './start-stack';

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVER = 2;

function dropDatabase(name: string): void {
  const result = spawnSync(
    'psql',
    [
      '-X',
      '-qAt',
      '-v',
      'ON_ERROR_STOP=1',
      POSTGRES,
      '-c',
      `DROP DATABASE IF EXISTS "${name}" WITH (FORCE);`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

/** A span the browser made, as its OTLP/JSON exporter sends it to /otlp/v1/traces. */
const browserExport = (traceId: string, spanId: string) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'storefront' } }] },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-fetch' },
          spans: [
            {
              traceId,
              spanId,
              name: 'HTTP POST',
              kind: 3,
              startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
              endTimeUnixNano: String(BigInt(Date.now() + 50) * 1_000_000n),
              attributes: [],
            },
          ],
        },
      ],
    },
  ],
});

describe('startStack({ gateway: true }): the shop through its front door', () => {
  const prefix = `stack_gw_${randomBytes(3).toString('hex')}_`;
  const lines: string[] = [];
  let receiver: OtlpReceiver;
  let stack: Stack | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      gateway: true,
      watcher: false,
      ports: 'ephemeral',
      databasePrefix: prefix,
      postgresUrl: POSTGRES,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        GATEWAY_LATENCY_MEDIAN_MS: '5',
        LOG_LEVEL: 'info',
      },
      onLine: (source, line) => lines.push(`${source}| ${line}`),
    });
  }, 90_000);

  afterAll(async () => {
    try {
      await stack?.stop();
    } finally {
      for (const name of Object.values(DATABASE_NAMES)) dropDatabase(`${prefix}${name}`);
      await receiver.close();
    }
  }, 60_000);

  const gateway = (): string => {
    const url = stack?.urls.gateway;
    if (url === undefined) throw new Error(`the gateway did not start:\n${lines.join('\n')}`);
    return url;
  };

  it('lists the products with the stock inventory holds, read with the services’ token', async () => {
    const res = await fetch(`${gateway()}/api/v1/products`);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string; available: number | null }[] };
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((item) => typeof item.available === 'number')).toBe(true);
    expect(items.some((item) => (item.available ?? 0) > 0)).toBe(true);
  });

  it('places a real order through /api/v1/orders, reads it back, in one trace from the browser through the gateway into order', async () => {
    const traceId = randomBytes(16).toString('hex');
    const browserSpanId = randomBytes(8).toString('hex');
    const placed = await fetch(`${gateway()}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        traceparent: `00-${traceId}-${browserSpanId}-01`,
      },
      body: JSON.stringify({
        customerId: 'gateway-stack-1',
        items: [{ productId: 'prd_02', quantity: 1 }],
        payment: { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' },
      }),
    });
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as { id: string; status: string };
    expect(order.status).toBe('paid');

    const read = await fetch(`${gateway()}/api/v1/orders/${order.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      id: order.id,
      status: 'paid',
      customerId: 'gateway-stack-1',
    });

    // The browser's span reaches the collector through the gateway, never directly.
    const forwarded = await fetch(`${gateway()}/otlp/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(browserExport(traceId, browserSpanId)),
    });
    expect(forwarded.status).toBe(200);

    const edge = await receiver.waitForSpan(
      (s) =>
        s.traceId === traceId &&
        s.service === 'gateway' &&
        s.kind === SERVER &&
        s.attributes['http.route'] === '/api/v1/orders',
    );
    expect(edge.parentSpanId).toBe(browserSpanId);
    const orderServer = await receiver.waitForSpan(
      (s) =>
        s.traceId === traceId &&
        s.service === 'order' &&
        s.kind === SERVER &&
        s.attributes['http.route'] === '/orders',
    );
    expect(orderServer.traceId).toBe(edge.traceId);
    await receiver.waitForSpan((s) => s.traceId === traceId && s.service === 'payment');
    const browser = await receiver.waitForSpan(
      (s) => s.service === 'storefront' && s.spanId === browserSpanId,
    );
    expect(browser.traceId).toBe(traceId);

    const everything = JSON.stringify(receiver.spans()) + receiver.rawBodies().join('');
    expect(everything).not.toContain('4242424242424242');
    expect(everything).not.toContain('4242 4242 4242 4242');
  });
});
