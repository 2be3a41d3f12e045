import { isAppError } from '@faultline/instrumented';
import { inMemoryPaymentService } from '../test/in-memory';
import type { InMemoryPaymentService } from '../test/in-memory';
import { chargePayment } from './charge-payment';
import type { ChargeCommand } from './charge-payment';

const command = (patch: Partial<ChargeCommand> = {}): ChargeCommand => ({
  idempotencyKey: 'order-ord-1',
  orderId: 'ord-1',
  amount: { amount: 4900, currency: 'EUR' },
  card: { number: '4242424242424242', expiry: '12/39', cvv: '123' },
  ...patch,
});

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'no problem',
    (error: unknown) => (isAppError(error) ? `${error.status} ${error.code}` : String(error)),
  );

/** chargePayment with every port in memory: at most one charge per key, whatever happens. */
describe('chargePayment', () => {
  let s: InMemoryPaymentService;
  beforeEach(() => {
    s = inMemoryPaymentService();
  });

  it('charges a new key once and keeps the 201 answer', async () => {
    const answer = await chargePayment(s.deps, command());
    expect(answer).toMatchObject({ status: 201, replayed: false, body: { status: 'captured' } });
    expect(s.gateway.charged).toEqual([answer.paymentId]);
  });

  it('answers a replay with the stored answer without charging again', async () => {
    const first = await chargePayment(s.deps, command());
    const again = await chargePayment(s.deps, command());
    expect(again).toEqual({ ...first, replayed: true });
    expect(s.gateway.charged).toHaveLength(1);
  });

  it('refuses a different request under the key (422) and a key still held (409)', async () => {
    await chargePayment(s.deps, command());
    expect(
      await refusal(chargePayment(s.deps, command({ amount: { amount: 1, currency: 'EUR' } }))),
    ).toBe('422 idempotency_key_reused');
    // A twin request arrives while the first is at the gateway.
    let release = (): void => undefined;
    const atGateway = new Promise<void>((resolve) => {
      release = resolve;
    });
    const charge = s.deps.gateway.charge.bind(s.deps.gateway);
    s.deps.gateway = {
      ...s.deps.gateway,
      charge: async (request) => {
        await atGateway;
        return charge(request);
      },
    };
    const first = chargePayment(s.deps, command({ idempotencyKey: 'twin' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await refusal(chargePayment(s.deps, command({ idempotencyKey: 'twin' })))).toBe(
      '409 payment_in_progress',
    );
    release();
    expect((await first).status).toBe(201);
  });

  it('records a gateway failure as retryable, and the retry under the same key charges once', async () => {
    s.gateway.script.push('unavailable');
    expect(await refusal(chargePayment(s.deps, command()))).toBe('502 gateway_error');
    expect(s.gateway.charged).toEqual([]);
    const retried = await chargePayment(s.deps, command());
    expect(retried).toMatchObject({ status: 201, replayed: false });
    expect(s.gateway.charged).toEqual([retried.paymentId]);
  });

  it('takes over a key whose holder stopped, past the stale limit', async () => {
    const first = chargePayment(s.deps, command());
    await first;
    const row = [...s.payments.rows.values()][0]!;
    row.payment = { ...row.payment, status: 'processing' };
    row.answer = null;
    row.lockedAt = Date.now() - 5_000;
    const resumed = await chargePayment(s.deps, command());
    expect(resumed.status).toBe(201);
    expect(s.logs.lines().some((line) => line['event'] === 'payment_resumed')).toBe(true);
  });

  it('keeps a 402 for a declined card and books nothing', async () => {
    s.gateway.script.push({ status: 'declined', declineCode: 'card_declined' });
    const answer = await chargePayment(s.deps, command());
    expect(answer).toMatchObject({ status: 402, body: { decline_code: 'card_declined' } });
    expect(s.gateway.charged).toEqual([]);
  });

  it('replays the first answer of a payment refunded since', async () => {
    const first = await chargePayment(s.deps, command());
    await s.deps.payments.markRefunded(first.paymentId);
    expect(await chargePayment(s.deps, command())).toEqual({ ...first, replayed: true });
  });
});
