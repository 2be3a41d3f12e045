import { CARDS, chargeBody, startPaymentService } from './test/payment-harness';
import type { PaymentService } from './test/payment-harness';

describe('refunds', () => {
  let service: PaymentService;
  let orders = 0;
  const newOrder = () => `ord_refund_${++orders}`;

  beforeAll(async () => {
    service = await startPaymentService('payment_refunds');
  });
  afterAll(async () => {
    await service.stop();
  });

  const capture = async (orderId = newOrder()) => {
    const answer = await service.post('/payments', chargeBody(orderId), {
      'Idempotency-Key': `order-${orderId}`,
    });
    expect(answer.status).toBe(201);
    return { orderId, paymentId: String(answer.body['id']), answer };
  };
  const refund = (paymentId: string) => service.post(`/payments/${paymentId}/refund`, {});
  const refundsCounted = async () => {
    const text = await service.metrics.registry.metrics();
    return Number(/^payment_refunds_total\{outcome="refunded"\} (\d+)/m.exec(text)?.[1] ?? NaN);
  };

  it('gives a captured charge back once, however often and however concurrently it is asked', async () => {
    const { orderId, paymentId, answer } = await capture();
    const before = await refundsCounted();
    const answers = await Promise.all(Array.from({ length: 5 }, () => refund(paymentId)));
    for (const each of answers) {
      expect(each.status).toBe(200);
      expect(each.body).toMatchObject({ id: paymentId, orderId, status: 'refunded' });
    }
    expect(new Set(answers.map((each) => each.body['refundedAt'])).size).toBe(1);
    expect(
      await service.count('gateway_charges', 'refunded_at IS NOT NULL AND reference = $1', [
        answer.body['gatewayReference'],
      ]),
    ).toBe(1);
    expect((await service.get(`/payments/${paymentId}`)).body['status']).toBe('refunded');
    // Counted once per payment given back, whichever request did it (all five may race to it).
    expect(await refundsCounted()).toBeGreaterThanOrEqual(before + 1);
    expect(await refundsCounted()).toBeLessThanOrEqual(before + 5);
  });

  it('replays the first answer to the charge key after a refund and charges nothing again', async () => {
    const { orderId, paymentId, answer } = await capture();
    expect((await refund(paymentId)).status).toBe(200);
    const again = await service.post('/payments', chargeBody(orderId), {
      'Idempotency-Key': `order-${orderId}`,
    });
    expect(again.text).toBe(answer.text);
    expect(await service.count('gateway_charges')).toBe(
      await service.count('payments', "status IN ('captured', 'refunded')"),
    );
  });

  it('refuses to refund a declined payment with 409 and changes nothing', async () => {
    const orderId = newOrder();
    const declined = await service.post(
      '/payments',
      chargeBody(orderId, { number: CARDS.declined }),
      { 'Idempotency-Key': `order-${orderId}` },
    );
    expect(declined.status).toBe(402);
    const paymentId = String(declined.body['payment_id']);
    const answer = await refund(paymentId);
    expect(answer.status).toBe(409);
    expect(answer.type).toMatch(/application\/problem\+json/);
    expect(answer.body).toMatchObject({
      code: 'payment_not_refundable',
      status: 409,
      payment_status: 'declined',
    });
    expect((await service.get(`/payments/${paymentId}`)).body['status']).toBe('declined');
  });

  it('answers 404 for an unknown payment and 400 naming the path for a bad id', async () => {
    expect((await refund('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const bad = await refund('not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body['invalid_params']).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/id/) }),
    ]);
  });
});
