import { chargeBody, SERVICE_TOKEN, startPaymentService } from './test/payment-harness';
import type { PaymentService } from './test/payment-harness';

const SOME_PAYMENT = '00000000-0000-4000-8000-000000000000';

describe('payment is internal: only callers with the service token get in', () => {
  let service: PaymentService;

  beforeAll(async () => {
    service = await startPaymentService('payment_auth');
  });
  afterAll(async () => {
    await service.stop();
  });

  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const charge = (headers: Record<string, string>, orderId: string) =>
    send(
      'POST',
      '/payments',
      { 'Idempotency-Key': `key-${orderId}`, ...headers },
      chargeBody(orderId),
    );

  it('refuses a charge without the token with 401 problem+json, and charges nothing', async () => {
    const res = await charge({}, 'ord_auth_missing');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'service_token_missing' });
    expect(await service.count('payments')).toBe(0);
    expect(await service.count('gateway_charges')).toBe(0);
  });

  it('refuses a charge with a wrong token with 403 problem+json, and charges nothing', async () => {
    const res = await charge({ 'X-Service-Token': 'not-the-service-token' }, 'ord_auth_wrong');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 403, code: 'service_token_invalid' });
    expect(await service.count('payments')).toBe(0);
    expect(await service.count('gateway_charges')).toBe(0);
  });

  it.each([
    ['GET', `/payments/${SOME_PAYMENT}`],
    ['POST', `/payments/${SOME_PAYMENT}/refund`],
    // Any POST /payments/:id/… added later sits behind the same guard.
    ['POST', `/payments/${SOME_PAYMENT}/capture`],
  ])('guards %s %s: 401 without the token, 403 with a wrong one', async (method, path) => {
    expect((await send(method, path, {})).status).toBe(401);
    expect((await send(method, path, { 'X-Service-Token': 'not-the-service-token' })).status).toBe(
      403,
    );
  });

  it('charges, and shows the payment, to a caller with the token', async () => {
    const res = await charge({ 'X-Service-Token': SERVICE_TOKEN }, 'ord_auth_ok');
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const shown = await send('GET', `/payments/${id}`, { 'X-Service-Token': SERVICE_TOKEN });
    expect(shown.status).toBe(200);
    expect(await service.count('gateway_charges')).toBe(1);
  });

  it('leaves health and metrics open', async () => {
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
  });
});
