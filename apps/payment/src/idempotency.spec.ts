import { setTimeout as delay } from 'node:timers/promises';
import { requestHash } from './domain/request-hash';
import { GatewayError } from './domain/ports';
import type { CardGateway, ChargeRequest, GatewayAnswer } from './domain/ports';
import {
  CARDS,
  chargeBody,
  findCardData,
  futureExpiry,
  startPaymentService,
} from './test/payment-harness';
import type { PaymentService } from './test/payment-harness';

/** What the gateway does on its next call instead of simply charging (consumed once). */
type GatewayStep = (request: ChargeRequest, simulated: CardGateway) => Promise<GatewayAnswer>;

describe('idempotent payments', () => {
  let service: PaymentService;
  let gatewayCalls = 0;
  let gatewayDelayMs = 0;
  const nextSteps: GatewayStep[] = [];

  beforeAll(async () => {
    service = await startPaymentService('payment_idem', {
      staleProcessingMs: 30_000,
      wrapGateway: (simulated) => ({
        name: simulated.name,
        refund: (reference) => simulated.refund(reference),
        async charge(request) {
          gatewayCalls++;
          if (gatewayDelayMs > 0) await delay(gatewayDelayMs);
          const step = nextSteps.shift();
          return step ? step(request, simulated) : simulated.charge(request);
        },
      }),
    });
  });
  beforeEach(() => {
    gatewayCalls = 0;
    gatewayDelayMs = 0;
    nextSteps.length = 0;
  });
  afterAll(async () => {
    await service.stop();
  });

  const pay = (key: string, body: unknown) =>
    service.post('/payments', body, { 'Idempotency-Key': key });
  const chargesFor = (paymentId: string) =>
    service.count('gateway_charges', 'idempotency_key = $1', [paymentId]);
  const statusOf = async (key: string) =>
    (
      await service.pool.query<{ status: string }>(
        'SELECT status FROM payments WHERE idempotency_key = $1',
        [key],
      )
    ).rows[0]?.status;

  it('replays a captured payment with the same status and byte-identical body, charging once', async () => {
    const body = chargeBody('ord_replay');
    const first = await pay('replay-1', body);
    const again = await pay('replay-1', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.type).toBe(first.type);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(gatewayCalls).toBe(1);
    expect(await chargesFor(first.body['id'] as string)).toBe(1);
  });

  it('replays a decline with the same 402 problem body, without asking the gateway again', async () => {
    const body = chargeBody('ord_replay_decline', { number: CARDS.insufficientFunds });
    const first = await pay('replay-2', body);
    const again = await pay('replay-2', body);
    expect(first.status).toBe(402);
    expect(again.status).toBe(402);
    expect(again.type).toMatch(/^application\/problem\+json/);
    expect(again.text).toBe(first.text);
    expect(gatewayCalls).toBe(1);
  });

  it('refuses the same key with a different request with 422 idempotency_key_reused', async () => {
    const first = await pay('reused-1', chargeBody('ord_reused'));
    const other = await pay('reused-1', {
      ...chargeBody('ord_reused'),
      amount: { amount: 9900, currency: 'EUR' },
    });
    expect(other.status).toBe(422);
    expect(other.type).toMatch(/^application\/problem\+json/);
    expect(other.body['code']).toBe('idempotency_key_reused');
    expect(gatewayCalls).toBe(1);
    expect(await chargesFor(first.body['id'] as string)).toBe(1);
    expect(await service.count('payments', 'idempotency_key = $1', ['reused-1'])).toBe(1);
  });

  it('charges exactly once when 20 requests with one key arrive together; the others get the 201 or 409', async () => {
    gatewayDelayMs = 100;
    const body = chargeBody('ord_parallel');
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay('parallel-1', body)));

    const created = answers.filter((a) => a.status === 201);
    const inProgress = answers.filter((a) => a.status === 409);
    expect(created.length + inProgress.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(inProgress.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.text)).size).toBe(1);
    for (const answer of inProgress) {
      expect(answer.body).toMatchObject({ code: 'payment_in_progress', status: 409 });
    }
    expect(gatewayCalls).toBe(1);
    expect(await chargesFor(created[0]?.body['id'] as string)).toBe(1);
    expect(await service.count('payments', 'idempotency_key = $1', ['parallel-1'])).toBe(1);
  });

  it('answers a gateway failure with 502 gateway_error, then charges once on a retry with the same key', async () => {
    nextSteps.push(() =>
      Promise.reject(new GatewayError('gateway_unavailable', 'the gateway answered 503')),
    );
    const body = chargeBody('ord_flaky');
    const failed = await pay('flaky-1', body);
    expect(failed.status).toBe(502);
    expect(failed.type).toMatch(/^application\/problem\+json/);
    expect(failed.body).toMatchObject({
      code: 'gateway_error',
      gateway_code: 'gateway_unavailable',
    });
    expect(await statusOf('flaky-1')).toBe('failed');

    const retried = await pay('flaky-1', body);
    expect(retried.status).toBe(201);
    expect(retried.body['id']).toBe(failed.body['payment_id']);
    expect(gatewayCalls).toBe(2);
    expect(await chargesFor(retried.body['id'] as string)).toBe(1);
    expect(await service.count('gateway_charges')).toBe(
      await service.count('payments', "status = 'captured'"),
    );
  });

  it('never charges twice when the gateway charged but its answer was lost', async () => {
    nextSteps.push(async (request, simulated) => {
      await simulated.charge(request);
      throw new GatewayError('gateway_timeout', 'no answer from the gateway within 2000 ms');
    });
    const body = chargeBody('ord_lost_answer');
    const failed = await pay('lost-1', body);
    expect(failed.status).toBe(502);
    expect(failed.body['gateway_code']).toBe('gateway_timeout');
    const paymentId = failed.body['payment_id'] as string;
    const charged = await service.pool.query<{ reference: string }>(
      'SELECT reference FROM gateway_charges WHERE idempotency_key = $1',
      [paymentId],
    );

    const retried = await pay('lost-1', body);
    expect(retried.status).toBe(201);
    expect(retried.body['gatewayReference']).toBe(charged.rows[0]?.reference);
    expect(await chargesFor(paymentId)).toBe(1);
  });

  it('counts a gateway failure in payments_total', async () => {
    const text = (await service.get('/metrics')).text;
    expect(text).toMatch(
      /^payments_total\{outcome="gateway_error",decline_code="none",card_brand="visa"\} 2$/m,
    );
    expect(text).toMatch(
      /^payment_gateway_request_duration_seconds_count\{outcome="gateway_error"\} 2$/m,
    );
  });

  describe('a payment left processing', () => {
    const body = (orderId: string) => chargeBody(orderId);
    /** A row as a payment process leaves it when it stops between claiming and recording. */
    const leftProcessing = async (key: string, orderId: string, lockedAgo: string) => {
      const request = body(orderId);
      const hash = requestHash({
        orderId,
        amount: request.amount,
        card: { last4: '4242', expiry: futureExpiry() },
      });
      const { rows } = await service.pool.query<{ id: string }>(
        `INSERT INTO payments (idempotency_key, request_hash, order_id, amount, currency,
                               card_brand, card_last4, status, locked_at)
         VALUES ($1, $2, $3, $4, $5, 'visa', '4242', 'processing', now() - $6::interval)
         RETURNING id`,
        [key, hash, orderId, request.amount.amount, request.amount.currency, lockedAgo],
      );
      return { id: rows[0]?.id as string, request };
    };

    it('is taken over and charged once when its lock is older than STALE_PROCESSING_MS', async () => {
      const { id, request } = await leftProcessing('stale-1', 'ord_stale', '1 hour');
      const res = await pay('stale-1', request);
      expect(res.status).toBe(201);
      expect(res.body['id']).toBe(id);
      expect(await chargesFor(id)).toBe(1);
      expect(await statusOf('stale-1')).toBe('captured');
      expect(service.logs.lines()).toContainEqual(
        expect.objectContaining({
          event: 'payment_resumed',
          payment_id: id,
          order_id: 'ord_stale',
        }),
      );
    });

    it('answers 409 payment_in_progress while its lock is fresh, charging nothing', async () => {
      const { id, request } = await leftProcessing('fresh-1', 'ord_fresh', '1 second');
      const res = await pay('fresh-1', request);
      expect(res.status).toBe(409);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'payment_in_progress', payment_id: id });
      expect(gatewayCalls).toBe(0);
      expect(await chargesFor(id)).toBe(0);
      expect(await statusOf('fresh-1')).toBe('processing');
    });

    it('is not taken over by a different request with the same key', async () => {
      const { id } = await leftProcessing('stale-2', 'ord_stale_other', '1 hour');
      const res = await pay('stale-2', body('ord_someone_else'));
      expect(res.status).toBe(422);
      expect(res.body['code']).toBe('idempotency_key_reused');
      expect(await chargesFor(id)).toBe(0);
      expect(await statusOf('stale-2')).toBe('processing');
    });
  });

  it('never writes a full card number or a CVV to logs, responses or the database', async () => {
    expect(service.logs.lines().length).toBeGreaterThan(10);
    expect(await findCardData(service)).toEqual([]);
  });
});
