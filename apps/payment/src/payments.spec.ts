import { startInMemoryTracing } from '@faultline/instrumented/testing';
import type { InMemoryTracing } from '@faultline/instrumented/testing';
import { fraudScore } from './domain/score-fraud';
import {
  CARDS,
  cardDataIn,
  CVVS,
  TEST_FRAUD_ITERATIONS,
  chargeBody,
  findCardData,
  futureExpiry,
  startPaymentService,
} from './test/payment-harness';
import type { ChargeBody, HttpAnswer, PaymentService } from './test/payment-harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('payment API', () => {
  let tracing: InMemoryTracing;
  let service: PaymentService;
  let keys = 0;
  const newKey = () => `pay-api-${++keys}`;

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    service = await startPaymentService('payment_api');
  });
  afterAll(async () => {
    await service.stop();
    await tracing.stop();
  });

  const pay = (body: unknown, key: string = newKey()) =>
    service.post('/payments', body, { 'Idempotency-Key': key });

  /** The first order id, from `ord_<prefix>_0` on, whose fraud score at this amount is ≥ 0.9. */
  const orderScoringHigh = (prefix: string, amount: number): string => {
    for (let i = 0; ; i++) {
      const orderId = `ord_${prefix}_${i}`;
      const score = fraudScore(
        {
          orderId,
          amount: { amount, currency: 'EUR' },
          card: { brand: 'visa', last4: '4242', expiry: futureExpiry() },
        },
        TEST_FRAUD_ITERATIONS,
      );
      if (score >= 0.9) return orderId;
    }
  };

  describe('charging a card', () => {
    it('captures an approved card with 201, showing brand and last four digits, and charges it once', async () => {
      const res = await pay(chargeBody('ord_happy'));
      expect(res.status).toBe(201);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        orderId: 'ord_happy',
        status: 'captured',
        amount: { amount: 4900, currency: 'EUR' },
        card: { brand: 'visa', last4: '4242' },
        gatewayReference: expect.stringMatching(/^ch_[0-9a-f]{24}$/),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const id = res.body['id'] as string;
      expect(res.headers.get('location')).toBe(`/payments/${id}`);
      const charges = await service.pool.query<{ reference: string; amount: number }>(
        'SELECT reference, amount FROM gateway_charges WHERE idempotency_key = $1',
        [id],
      );
      expect(charges.rows).toEqual([{ reference: res.body['gatewayReference'], amount: 4900 }]);
      const stored = await service.pool.query<{ status: string; locked_at: Date | null }>(
        'SELECT status, locked_at FROM payments WHERE id = $1',
        [id],
      );
      expect(stored.rows).toEqual([{ status: 'captured', locked_at: null }]);
    });

    it.each([
      ['mastercard', '4444', CARDS.mastercard],
      ['amex', '0005', CARDS.amex],
      ['other', '1117', CARDS.discover],
    ])('shows the card as brand %s and last four digits %s', async (brand, last4, number) => {
      const res = await pay(chargeBody(`ord_brand_${brand}`, { number, cvv: CVVS[1] }));
      expect(res.status).toBe(201);
      expect(res.body['card']).toEqual({ brand, last4 });
    });

    it.each([
      ['spaces', '4242 4242 4242 4242'],
      ['dashes', '4242-4242-4242-4242'],
    ])(
      'accepts a card number typed with %s, as order does, and keeps only its digits',
      async (how, number) => {
        const res = await pay(chargeBody(`ord_typed_${how}`, { number }));
        expect(res.status).toBe(201);
        expect(res.body['card']).toEqual({ brand: 'visa', last4: '4242' });
      },
    );

    it.each([
      ['card_declined', CARDS.declined],
      ['insufficient_funds', CARDS.insufficientFunds],
      ['stolen_card', CARDS.stolen],
    ])('declines with 402 and decline_code %s, charging nothing', async (declineCode, number) => {
      const res = await pay(chargeBody(`ord_decline_${declineCode}`, { number }));
      expect(res.status).toBe(402);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 402,
        code: 'payment_declined',
        decline_code: declineCode,
        payment_id: expect.stringMatching(UUID),
      });
      const id = res.body['payment_id'] as string;
      expect(await service.count('gateway_charges', 'idempotency_key = $1', [id])).toBe(0);
      const shown = await service.get(`/payments/${id}`);
      expect(shown.body).toMatchObject({ status: 'declined', declineCode, gatewayReference: null });
    });

    it('declines a payment over 500000 minor units that the fraud check scores 0.9 or more, without calling the gateway', async () => {
      const orderId = orderScoringHigh('fraud', 600_000);
      const body: ChargeBody = {
        ...chargeBody(orderId),
        amount: { amount: 600_000, currency: 'EUR' },
      };
      const res = await pay(body);
      expect(res.status).toBe(402);
      expect(res.body).toMatchObject({ code: 'payment_declined', decline_code: 'fraud_suspected' });
      const id = res.body['payment_id'] as string;
      expect(await service.count('gateway_charges', 'idempotency_key = $1', [id])).toBe(0);
      const stored = await service.pool.query<{ fraud_score: number }>(
        'SELECT fraud_score FROM payments WHERE id = $1',
        [id],
      );
      expect(stored.rows[0]?.fraud_score).toBeGreaterThanOrEqual(0.9);
    });

    it('captures a payment of exactly 500000 minor units however high it scores', async () => {
      const orderId = orderScoringHigh('limit', 500_000);
      const body: ChargeBody = {
        ...chargeBody(orderId),
        amount: { amount: 500_000, currency: 'EUR' },
      };
      const res = await pay(body);
      expect(res.status).toBe(201);
      expect(res.body['status']).toBe('captured');
    });
  });

  describe('rejecting bad input', () => {
    const valid = () => chargeBody('ord_invalid');
    const withAmount = (amount: unknown) => ({ ...valid(), amount: { ...valid().amount, amount } });
    const withCurrency = (currency: unknown) => ({
      ...valid(),
      amount: { ...valid().amount, currency },
    });
    const withCard = (card: Record<string, unknown>) => ({
      ...valid(),
      card: { ...valid().card, ...card },
    });

    const totals = async () => [
      await service.count('payments'),
      await service.count('gateway_charges'),
    ];

    const expectRejected = async (res: HttpAnswer, field: string, before: number[]) => {
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body['code']).toBe('validation_failed');
      expect((res.body['invalid_params'] as { name: string }[]).map((p) => p.name)).toContain(
        field,
      );
      expect(await totals()).toEqual(before);
    };

    it.each<[string, Record<string, string>]>([
      ['a missing Idempotency-Key', {}],
      ['an empty Idempotency-Key', { 'Idempotency-Key': '' }],
      ['an Idempotency-Key with a space', { 'Idempotency-Key': 'two words' }],
      ['an Idempotency-Key over 128 characters', { 'Idempotency-Key': 'k'.repeat(129) }],
    ])('rejects %s with 400 naming header.Idempotency-Key, writing nothing', async (_, headers) => {
      const before = await totals();
      const res = await service.post('/payments', valid(), headers);
      await expectRejected(res, 'header.Idempotency-Key', before);
    });

    it.each<[string, string, unknown]>([
      ['a body that is not an object', 'body', [valid()]],
      ['a missing orderId', 'body.orderId', { ...valid(), orderId: undefined }],
      ['a numeric orderId', 'body.orderId', { ...valid(), orderId: 42 }],
      ['an empty orderId', 'body.orderId', { ...valid(), orderId: '' }],
      ['an orderId over 64 characters', 'body.orderId', { ...valid(), orderId: 'o'.repeat(65) }],
      ['an amount given as a string', 'body.amount.amount', withAmount('4900')],
      ['an amount of zero', 'body.amount.amount', withAmount(0)],
      ['a negative amount', 'body.amount.amount', withAmount(-100)],
      ['a fractional amount', 'body.amount.amount', withAmount(49.5)],
      ['a lower-case currency', 'body.amount.currency', withCurrency('eur')],
      ['a four-letter currency', 'body.amount.currency', withCurrency('EURO')],
      ['a missing card', 'body.card', { ...valid(), card: undefined }],
      [
        'a number failing the Luhn check',
        'body.card.number',
        withCard({ number: '4242 4242 4242 4241' }),
      ],
      ['a number of 11 digits', 'body.card.number', withCard({ number: '42424242424' })],
      ['a number sent as a number', 'body.card.number', withCard({ number: 4242424242424242 })],
      ['an expired card', 'body.card.expiry', withCard({ expiry: '01/20' })],
      ['an expiry month of 13', 'body.card.expiry', withCard({ expiry: '13/30' })],
      ['an expiry without a slash', 'body.card.expiry', withCard({ expiry: '1230' })],
      ['a two-digit cvv', 'body.card.cvv', withCard({ cvv: '12' })],
      ['a five-digit cvv', 'body.card.cvv', withCard({ cvv: '12345' })],
      ['a cvv sent as a number', 'body.card.cvv', withCard({ cvv: 947 })],
    ])('rejects %s with 400 naming %s, writing nothing', async (_, field, body) => {
      const before = await totals();
      await expectRejected(await pay(body), field, before);
    });

    it('names every bad field of a request at once', async () => {
      const res = await service.post('/payments', {
        orderId: '',
        amount: { amount: 0, currency: 'eur' },
        card: { number: '1234', expiry: '01/20', cvv: '1' },
      });
      expect(res.status).toBe(400);
      const named = (res.body['invalid_params'] as { name: string }[]).map((p) => p.name).sort();
      expect(named).toEqual([
        'body.amount.amount',
        'body.amount.currency',
        'body.card.cvv',
        'body.card.expiry',
        'body.card.number',
        'body.orderId',
        'header.Idempotency-Key',
      ]);
    });

    it('rejects malformed JSON with 400 malformed_json and writes nothing', async () => {
      const before = await totals();
      const res = await service.postRaw('/payments', '{"orderId": "ord_1", "amount": ', {
        'Idempotency-Key': 'bad-json',
      });
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body['code']).toBe('malformed_json');
      expect(await totals()).toEqual(before);
    });

    it('rejects a body over 16 KB with 413 payload_too_large and writes nothing', async () => {
      const before = await totals();
      const res = await pay({ ...valid(), orderId: 'o'.repeat(20_000) }, 'bad-size');
      expect(res.status).toBe(413);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body['code']).toBe('payload_too_large');
      expect(await totals()).toEqual(before);
    });
  });

  describe('reading a payment', () => {
    it('returns a payment by id with the card as brand and last four digits only', async () => {
      const created = await pay(chargeBody('ord_read'));
      const res = await service.get(`/payments/${created.body['id'] as string}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
      expect(Object.keys(res.body['card'] as object)).toEqual(['brand', 'last4']);
    });

    it('answers an unknown payment id with 404 payment_not_found', async () => {
      const res = await service.get('/payments/00000000-0000-4000-8000-000000000000');
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body['code']).toBe('payment_not_found');
    });

    it('rejects a malformed payment id with 400 naming path.id', async () => {
      const res = await service.get('/payments/not-a-uuid');
      expect(res.status).toBe(400);
      expect(res.body['invalid_params']).toEqual([{ name: 'path.id', reason: 'must be a UUID' }]);
    });
  });

  describe('telemetry', () => {
    it('traces the gateway call and the fraud score with business attributes', async () => {
      const earlier = tracing.finishedSpans().length;
      const captured = await pay(chargeBody('ord_traced'));
      const declined = await pay(chargeBody('ord_traced_decline', { number: CARDS.declined }));
      expect([captured.status, declined.status]).toEqual([201, 402]);
      const spans = tracing.finishedSpans().slice(earlier);
      const gateway = spans.filter((s) => s.name === 'card_gateway.charge');
      expect(gateway.map((s) => s.attributes)).toEqual([
        {
          'payment.gateway': 'simulated',
          'payment.card_brand': 'visa',
          'payment.outcome': 'captured',
        },
        {
          'payment.gateway': 'simulated',
          'payment.card_brand': 'visa',
          'payment.outcome': 'declined',
          'payment.decline_code': 'card_declined',
        },
      ]);
      const fraud = spans.filter((s) => s.name === 'fraud.score');
      expect(fraud).toHaveLength(2);
      for (const span of fraud) {
        const score = span.attributes['fraud.score'];
        expect(typeof score).toBe('number');
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThan(1);
        expect(span.attributes['fraud.model']).toBe('checksum');
      }
    });

    it('scores with the velocity model when it runs as release 0.2.0 (the canary)', async () => {
      const canary = await startPaymentService('payment_canary', { version: '0.2.0' });
      try {
        const earlier = tracing.finishedSpans().length;
        const res = await canary.post('/payments', chargeBody('ord_canary'), {
          'Idempotency-Key': newKey(),
        });
        expect(res.status).toBe(201);
        const fraud = tracing
          .finishedSpans()
          .slice(earlier)
          .filter((span) => span.name === 'fraud.score');
        expect(fraud.map((span) => span.attributes['fraud.model'])).toEqual(['velocity']);
      } finally {
        await canary.stop();
      }
    });

    it('counts payments by outcome, decline code and card brand, and links gateway latency to traces', async () => {
      const text = (await service.get('/metrics')).text;
      const count = (labels: string) =>
        Number(new RegExp(`^payments_total\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(
        count('outcome="captured",decline_code="none",card_brand="visa"'),
      ).toBeGreaterThanOrEqual(5);
      for (const brand of ['mastercard', 'amex', 'other']) {
        expect(count(`outcome="captured",decline_code="none",card_brand="${brand}"`)).toBe(1);
      }
      expect(count('outcome="declined",decline_code="stolen_card",card_brand="visa"')).toBe(1);
      expect(count('outcome="declined",decline_code="fraud_suspected",card_brand="visa"')).toBe(1);
      expect(count('outcome="declined",decline_code="stolen_card",card_brand="amex"')).toBe(0);
      expect(count('outcome="gateway_error",decline_code="none",card_brand="visa"')).toBe(0);
      // Every outcome × decline code × brand exists from the start: (2 + 4 decline codes) × 4 brands.
      expect(text.match(/^payments_total\{/gm)).toHaveLength(24);
      expect(text).toMatch(
        /^payment_gateway_request_duration_seconds_bucket\{le="[\d.]+",outcome="captured"\} \d+ # \{trace_id="[0-9a-f]{32}",span_id="[0-9a-f]{16}"\}/m,
      );
      expect(text).toMatch(/^payment_fraud_score_ratio_bucket\{le="0.1"\} \d+/m);
      expect(text).toMatch(/^payment_fraud_score_ratio_bucket\{le="0.9"\} \d+/m);
    });
  });

  describe('card data hygiene', () => {
    it('never writes a full card number or a CVV to logs, responses, spans or the database', async () => {
      expect(service.logs.lines().length).toBeGreaterThan(20);
      expect(await findCardData(service)).toEqual([]);
      const spanText = JSON.stringify(
        tracing.finishedSpans().map((s) => ({ name: s.name, attributes: s.attributes })),
      );
      expect(tracing.finishedSpans().length).toBeGreaterThan(20);
      expect(cardDataIn('spans', spanText)).toEqual([]);
    });

    it('would notice a leaked card number or CVV (the check itself can fail)', async () => {
      service.responses.push(`{"number":"${CARDS.approved}","cvv":"${CVVS[0]}"}`);
      try {
        expect(await findCardData(service)).toEqual([
          `responses: card ${CARDS.approved}`,
          `responses: cvv ${CVVS[0]}`,
        ]);
      } finally {
        service.responses.pop();
      }
    });
  });
});
