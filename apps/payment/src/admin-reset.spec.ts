import { setTimeout as delay } from 'node:timers/promises';
import { CARDS, chargeBody, startPaymentService } from './test/payment-harness';
import type { PaymentService } from './test/payment-harness';

const ADMIN_TOKEN = 'payment-test-admin-token';

describe('POST /admin/reset', () => {
  let service: PaymentService;
  let gatewayDelayMs = 0;

  beforeAll(async () => {
    service = await startPaymentService('payment_reset', {
      adminToken: ADMIN_TOKEN,
      wrapGateway: (simulated) => ({
        name: simulated.name,
        refund: (reference) => simulated.refund(reference),
        async charge(request) {
          if (gatewayDelayMs > 0) await delay(gatewayDelayMs);
          return simulated.charge(request);
        },
      }),
    });
  });
  beforeEach(() => {
    gatewayDelayMs = 0;
  });
  afterAll(async () => {
    await service.stop();
  });

  const reset = async (authorization?: string) => {
    const res = await fetch(`${service.url}/admin/reset`, {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as any,
    };
  };
  const pay = (key: string, orderId: string, card: string = CARDS.approved) =>
    service.post('/payments', chargeBody(orderId, { number: card }), { 'Idempotency-Key': key });
  const unreconciled = async () => {
    const text = (await service.get('/metrics')).text;
    return Number(/^payments_unreconciled (\S+)$/m.exec(text)?.[1]);
  };
  const rows = async () => ({
    payments: await service.count('payments'),
    charges: await service.count('gateway_charges'),
  });

  it('removes every payment, idempotency record and ledger entry, saying how many', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    const paid = await pay('key-reset-1', 'ord-reset-1');
    expect(paid.status).toBe(201);
    expect((await pay('key-reset-2', 'ord-reset-2', CARDS.declined)).status).toBe(402);
    const refunded = await service.post(`/payments/${paid.body['id'] as string}/refund`, {});
    expect(refunded.status).toBe(200);
    expect(await rows()).toEqual({ payments: 2, charges: 1 });

    const answer = await reset(`Bearer ${ADMIN_TOKEN}`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      reset: {
        payments: { removed: 2, seeded: 0 },
        gateway_charges: { removed: 1, seeded: 0 },
      },
    });
    expect(await rows()).toEqual({ payments: 0, charges: 0 });
    // The key's record is gone with it: the same key is a new payment, charged again.
    const again = await pay('key-reset-1', 'ord-reset-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body['id']).not.toBe(paid.body['id']);
    expect(await rows()).toEqual({ payments: 1, charges: 1 });
  });

  it('counts the reset books at once: payments_unreconciled does not wait for the next run', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    service.faults.apply({ point: 'payment.gateway.charge', kind: 'wrong_answer', probability: 1 });
    expect((await pay('key-unbooked', 'ord-unbooked')).status).toBe(201);
    service.faults.clear();
    await service.reconciler.runOnce();
    expect(await unreconciled()).toBe(1);

    expect((await reset(`Bearer ${ADMIN_TOKEN}`)).status).toBe(200);

    expect(await unreconciled()).toBe(0);
  });

  it.each([
    ['no token', 401, 'unauthorized', undefined],
    ['a wrong token', 403, 'forbidden', 'Bearer not-the-token'],
  ])(
    'refuses %s with %i %s, as /admin/faults does, and changes nothing',
    async (_what, status, code, authorization) => {
      await pay(`key-refused-${status}`, `ord-refused-${status}`);
      const before = await rows();
      expect(before.payments).toBeGreaterThan(0);

      const answer = await reset(authorization);
      const faults = await fetch(`${service.url}/admin/faults`, {
        headers: authorization === undefined ? {} : { authorization },
      });

      expect(answer).toMatchObject({ status, body: { status, code } });
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(faults.status).toBe(status);
      expect(await rows()).toEqual(before);
    },
  );

  it('waits for a charge in flight and holds back the next: each lands wholly before or after', async () => {
    await reset(`Bearer ${ADMIN_TOKEN}`);
    gatewayDelayMs = 400;
    const order: string[] = [];
    const before = pay('key-before', 'ord-before').then((a) => {
      order.push('charge before');
      return a;
    });
    await delay(100);
    const resetting = reset(`Bearer ${ADMIN_TOKEN}`).then((a) => {
      order.push('reset');
      return a;
    });
    await delay(50);
    const after = pay('key-after', 'ord-after').then((a) => {
      order.push('charge after');
      return a;
    });

    const [first, resetAnswer, second] = await Promise.all([before, resetting, after]);

    expect([first.status, resetAnswer.status, second.status]).toEqual([201, 200, 201]);
    expect(order).toEqual(['charge before', 'reset', 'charge after']);
    expect(resetAnswer.body.reset.payments).toEqual({ removed: 1, seeded: 0 });
    const { rows: left } = await service.pool.query<{ order_id: string; status: string }>(
      'SELECT order_id, status FROM payments',
    );
    expect(left).toEqual([{ order_id: 'ord-after', status: 'captured' }]);
    expect(await service.count('gateway_charges')).toBe(1);
  });
});
