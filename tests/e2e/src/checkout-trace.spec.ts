import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver, ReceivedSpan } from '@faultline/instrumented/testing';
import { dropDatabase } from '@faultline/postgres';
import { startStack } from '@faultline/stack';
import type { Stack } from '@faultline/stack';

const SERVER = 2;
const CLIENT = 3;

describe('a checkout through the four services started as npm start starts them', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      ports: 'ephemeral',
      databasePrefix: `e2e_${randomBytes(3).toString('hex')}_`,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        GATEWAY_LATENCY_MEDIAN_MS: '5',
        LOG_LEVEL: 'info',
      },
    });
  }, 90_000);
  afterAll(async () => {
    await stack.stop();
    await Promise.all(Object.values(stack.databaseUrls).map((url) => dropDatabase(url)));
    await receiver.close();
  });

  it('yields one trace covering order → catalog, inventory and payment, with their SQL', async () => {
    const res = await fetch(`${stack.urls.order}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'e2e-1',
        items: [{ productId: 'prd_02', quantity: 1 }],
        payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
      }),
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: string };

    // This test's checkout, not the watcher's synthetic one, whose trace starts in the watcher.
    const ours = await receiver.waitForSpan(
      (s) => s.name === 'checkout' && s.attributes['order.id'] === order.id,
    );
    const root = await receiver.waitForSpan(
      (s) =>
        s.traceId === ours.traceId &&
        s.service === 'order' &&
        s.kind === SERVER &&
        s.attributes['http.route'] === '/orders',
    );
    expect(root.parentSpanId).toBeFalsy();
    const inTrace = (predicate: (s: ReceivedSpan) => boolean) =>
      receiver.waitForSpan((s) => s.traceId === root.traceId && predicate(s));

    for (const peer of ['catalog', 'inventory', 'payment']) {
      const server = await inTrace((s) => s.service === peer && s.kind === SERVER);
      const caller = receiver.spans().find((s) => s.spanId === server.parentSpanId);
      expect(caller).toMatchObject({ service: 'order', kind: CLIENT, traceId: root.traceId });
      await inTrace((s) => s.service === peer && s.attributes['db.system.name'] === 'postgresql');
    }
    await inTrace((s) => s.service === 'order' && s.attributes['db.system.name'] === 'postgresql');
    const gateway = await inTrace((s) => s.name === 'card_gateway.charge');
    expect(gateway.service).toBe('payment');
    const checkout = await inTrace((s) => s.name === 'checkout');
    expect(checkout.attributes['order.id']).toBe(order.id);

    const everything = JSON.stringify(receiver.spans()) + receiver.rawBodies().join('');
    expect(everything).not.toContain('4242424242424242');
  });

  it("traces the watcher's synthetic checkout from the watcher into order and on, paid", async () => {
    const synthetic = await receiver.waitForSpan(
      (s) => s.service === 'watcher' && s.name === 'synthetic_checkout',
    );
    expect(synthetic.parentSpanId).toBeFalsy();
    expect(synthetic.attributes['synthetic.outcome']).toBe('paid');
    const server = await receiver.waitForSpan(
      (s) => s.traceId === synthetic.traceId && s.service === 'order' && s.kind === SERVER,
    );
    const caller = receiver.spans().find((s) => s.spanId === server.parentSpanId);
    expect(caller).toMatchObject({ service: 'watcher', kind: CLIENT });
    await receiver.waitForSpan((s) => s.traceId === synthetic.traceId && s.service === 'payment');
  });
});
