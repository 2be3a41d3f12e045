import { productListSchema, productSchema } from './catalog';
import { idempotencyHeaderSchema, idempotencyKeySchema } from './idempotency-key';
import {
  commitAnswerSchema,
  insufficientStockProblemSchema,
  releaseAnswerSchema,
  reservationRequestSchema,
  reservationSchema,
  setStockRequestSchema,
  stockLevelSchema,
  stockListSchema,
  unknownSkuProblemSchema,
} from './inventory';
import { chargeAmountSchema, moneySchema } from './money';
import { checkoutRequestSchema, orderAnswerSchema } from './order';
import { WireContractError, parseAnswer } from './parse-answer';
import {
  capturedPaymentSchema,
  chargeRequestSchema,
  paymentDeclinedProblemSchema,
  paymentInProgressProblemSchema,
  refundedPaymentSchema,
} from './payment';
import { SYNTHETIC_CUSTOMER_ID, SYNTHETIC_PRODUCT_ID } from './synthetic';
import { refusals } from './test/refusals';

const now = () => new Date('2026-06-15T12:00:00Z');
const PAYMENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const RESERVATION_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ORDER_ID = '3b241101-e2bb-5255-8caf-4136c566a962';

/** Problem fields every service writes (libs/instrumented problemBody). */
const problem = (status: number, code: string, detail: string, extensions: object) => ({
  type: `urn:faultline:problem:${code}`,
  title: 'Conflict',
  status,
  detail,
  instance: '/x',
  code,
  ...extensions,
  request_id: 'req-1',
});

describe('money', () => {
  it('accepts minor units with an ISO currency', () => {
    expect(moneySchema.parse({ amount: 4900, currency: 'EUR' })).toEqual({
      amount: 4900,
      currency: 'EUR',
    });
  });

  it.each([
    [{ amount: 49.5, currency: 'EUR' }, 'amount: must be a whole number of minor units'],
    [{ amount: -1, currency: 'EUR' }, 'amount: must be zero or more'],
    [{ amount: 4900, currency: 'eur' }, 'currency: must be a three-letter ISO 4217 code like EUR'],
  ])('refuses %j naming the field', (value, reason) => {
    expect(refusals(moneySchema, value)).toEqual([reason]);
  });

  it('refuses a charge of zero or over the limit', () => {
    expect(refusals(chargeAmountSchema, { amount: 0, currency: 'EUR' })).toEqual([
      'amount: must be more than zero',
    ]);
    expect(refusals(chargeAmountSchema, { amount: 100_000_001, currency: 'EUR' })).toEqual([
      'amount: must be at most 100000000 minor units',
    ]);
  });
});

describe('idempotency key', () => {
  it.each(['order-3b241101', 'k', 'a:b_c-D', 'k'.repeat(128)])('accepts %s', (key) => {
    expect(idempotencyKeySchema.parse(key)).toBe(key);
  });

  it.each([
    [undefined, 'is required'],
    ['', 'is required'],
    ['two words', 'must be 1 to 128 characters of A-Z, a-z, 0-9, ":", "_", "-"'],
    ['k'.repeat(129), 'must be 1 to 128 characters of A-Z, a-z, 0-9, ":", "_", "-"'],
  ])('refuses %p as header Idempotency-Key: %s', (key, reason) => {
    expect(refusals(idempotencyHeaderSchema, { 'Idempotency-Key': key })).toEqual([
      `Idempotency-Key: ${reason}`,
    ]);
  });
});

describe('catalog answers', () => {
  const tent = {
    id: 'prd_01',
    sku: 'FL-TENT-2P',
    name: 'Two-person tent',
    price: { amount: 18900, currency: 'EUR' },
  };

  it('accepts a product and a product list', () => {
    expect(productSchema.parse(tent)).toEqual(tent);
    expect(productListSchema.parse({ items: [tent] })).toEqual({ items: [tent] });
  });

  it('refuses a product whose price is not in minor units, naming the field', () => {
    expect(
      refusals(productListSchema, {
        items: [{ ...tent, price: { amount: '189.00', currency: 'EUR' } }],
      }),
    ).toEqual([expect.stringMatching(/^items\.0\.price\.amount: /)]);
  });
});

describe('checkout request (POST /orders)', () => {
  const schema = checkoutRequestSchema(now);
  const body = {
    customerId: 'cus_42',
    items: [{ productId: 'prd_01', quantity: 2 }],
    payment: { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' },
  };

  it('accepts the public example and gives the card digits', () => {
    expect(schema.parse(body).payment.cardNumber).toBe('4242424242424242');
  });

  it("accepts the watcher's synthetic checkout: its reserved customer and product ids", () => {
    const synthetic = {
      ...body,
      customerId: SYNTHETIC_CUSTOMER_ID,
      items: [{ productId: SYNTHETIC_PRODUCT_ID, quantity: 1 }],
    };
    expect(schema.parse(synthetic)).toMatchObject({
      customerId: 'synthetic-checkout',
      items: [{ productId: 'prd_synthetic', quantity: 1 }],
    });
  });

  it.each([
    [{ ...body, customerId: '' }, 'customerId: must not be empty'],
    [{ ...body, items: [] }, 'items: must contain at least one item'],
    [
      { ...body, items: [{ productId: 'p1', quantity: 1 }] },
      'items.0.productId: must look like prd_01',
    ],
    [
      { ...body, items: [{ productId: 'prd_01', quantity: 0 }] },
      'items.0.quantity: must be at least 1',
    ],
    [
      {
        ...body,
        items: [
          { productId: 'prd_01', quantity: 1 },
          { productId: 'prd_01', quantity: 2 },
        ],
      },
      'items: lists a product more than once',
    ],
    [{ ...body, payment: { ...body.payment, cvv: '12' } }, 'payment.cvv: must be 3 or 4 digits'],
  ])('refuses %j naming the field', (value, reason) => {
    expect(refusals(schema, value)).toEqual([reason]);
  });
});

describe('order answer', () => {
  const paid = {
    id: ORDER_ID,
    status: 'paid',
    customerId: 'cus_42',
    items: [
      {
        productId: 'prd_01',
        sku: 'FL-TENT-2P',
        name: 'Two-person tent',
        quantity: 2,
        unitPrice: { amount: 18900, currency: 'EUR' },
      },
    ],
    total: { amount: 37800, currency: 'EUR' },
    paymentId: PAYMENT_ID,
    createdAt: '2026-06-15T12:00:00.000Z',
  };

  it('accepts a paid order and a pending one', () => {
    expect(orderAnswerSchema.parse(paid)).toEqual(paid);
    const pending = Object.fromEntries(
      Object.entries({ ...paid, status: 'payment_pending' }).filter(([key]) => key !== 'paymentId'),
    );
    expect(orderAnswerSchema.parse(pending)).toEqual(pending);
  });

  it('refuses an unknown status, naming it', () => {
    expect(refusals(orderAnswerSchema, { ...paid, status: 'shipped' })).toEqual([
      expect.stringMatching(/^status: /),
    ]);
  });
});

describe('inventory', () => {
  const request = {
    orderId: ORDER_ID,
    items: [{ sku: 'FL-TENT-2P', quantity: 2 }],
    ttlSeconds: 900,
  };
  const reservation = {
    id: RESERVATION_ID,
    orderId: ORDER_ID,
    status: 'pending',
    expiresAt: '2026-06-15T12:15:00.000Z',
    items: [{ sku: 'FL-TENT-2P', quantity: 2 }],
  };

  it('accepts a reservation request, the ttl defaulting to 900 seconds', () => {
    expect(reservationRequestSchema.parse(request)).toEqual(request);
    expect(reservationRequestSchema.parse({ ...request, ttlSeconds: undefined }).ttlSeconds).toBe(
      900,
    );
  });

  it.each([
    [{ ...request, orderId: undefined }, 'orderId: is required'],
    [{ ...request, orderId: 42 }, 'orderId: must be a string'],
    [
      { ...request, items: [{ sku: 'FL TENT', quantity: 1 }] },
      'items.0.sku: must look like FL-TENT-2P',
    ],
    [
      { ...request, items: [{ sku: 'FL-TENT-2P', quantity: 101 }] },
      'items.0.quantity: must be at most 100',
    ],
    [
      {
        ...request,
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 1 },
        ],
      },
      'items.1.sku: appears more than once; give each SKU once',
    ],
    [{ ...request, ttlSeconds: 0 }, 'ttlSeconds: must be at least 1'],
  ])('refuses %j naming the field', (value, reason) => {
    expect(refusals(reservationRequestSchema, value)).toEqual([reason]);
  });

  it('accepts reservation, commit and release answers', () => {
    expect(reservationSchema.parse(reservation)).toEqual(reservation);
    expect(commitAnswerSchema.parse({ ...reservation, status: 'committed' }).status).toBe(
      'committed',
    );
    expect(releaseAnswerSchema.parse({ ...reservation, status: 'released' }).status).toBe(
      'released',
    );
    expect(releaseAnswerSchema.parse({ ...reservation, status: 'expired' }).status).toBe('expired');
  });

  it('refuses a commit answer that is not committed, and a reservation without an id', () => {
    expect(refusals(commitAnswerSchema, reservation)).toEqual([expect.stringMatching(/^status: /)]);
    expect(refusals(reservationSchema, { ...reservation, id: undefined })).toEqual([
      expect.stringMatching(/^id: /),
    ]);
  });

  it('reads the out-of-stock and unknown-SKU problems', () => {
    const short = problem(
      409,
      'insufficient_stock',
      'Only 1 of SKU FL-TENT-2P available; 2 requested.',
      {
        sku: 'FL-TENT-2P',
        available: 1,
      },
    );
    expect(insufficientStockProblemSchema.parse(short)).toMatchObject({
      sku: 'FL-TENT-2P',
      available: 1,
    });
    expect(refusals(insufficientStockProblemSchema, { ...short, available: undefined })).toEqual([
      expect.stringMatching(/^available: /),
    ]);
    const unknown = problem(422, 'unknown_sku', 'SKU X is not stocked.', { sku: 'X' });
    expect(unknownSkuProblemSchema.parse(unknown)).toMatchObject({ code: 'unknown_sku', sku: 'X' });
  });

  it('reads stock levels and the restock request', () => {
    const level = { sku: 'FL-TENT-2P', available: 12 };
    expect(stockLevelSchema.parse(level)).toEqual(level);
    expect(stockListSchema.parse({ items: [level] })).toEqual({ items: [level] });
    expect(refusals(setStockRequestSchema, { available: -1 })).toEqual([
      'available: must be zero or more',
    ]);
    expect(refusals(setStockRequestSchema, {})).toEqual(['available: is required']);
  });
});

describe('payment', () => {
  const schema = chargeRequestSchema(now);
  const charge = {
    orderId: ORDER_ID,
    amount: { amount: 37800, currency: 'EUR' },
    card: { number: '4242424242424242', expiry: '12/39', cvv: '123' },
  };
  const captured = {
    id: PAYMENT_ID,
    orderId: ORDER_ID,
    status: 'captured',
    amount: { amount: 37800, currency: 'EUR' },
    card: { brand: 'visa', last4: '4242' },
    gatewayReference: 'ch_0123456789abcdef01234567',
    createdAt: '2026-06-15T12:00:00.000Z',
  };

  it('accepts the charge order sends', () => {
    expect(schema.parse(charge)).toEqual(charge);
  });

  it.each([
    [{ ...charge, orderId: '' }, 'orderId: must not be empty'],
    [
      { ...charge, amount: { amount: 0, currency: 'EUR' } },
      'amount.amount: must be more than zero',
    ],
    [
      { ...charge, card: { ...charge.card, number: '4242424242424241' } },
      'card.number: is not a valid card number',
    ],
    [{ ...charge, card: { ...charge.card, expiry: '01/20' } }, 'card.expiry: the card has expired'],
  ])('refuses %j naming the field', (value, reason) => {
    expect(refusals(schema, value)).toEqual([reason]);
  });

  it('reads a captured payment and a refunded one', () => {
    expect(capturedPaymentSchema.parse(captured)).toEqual(captured);
    const refunded = { ...captured, status: 'refunded', refundedAt: '2026-06-15T12:05:00.000Z' };
    expect(refundedPaymentSchema.parse(refunded)).toEqual(refunded);
    expect(refusals(refundedPaymentSchema, captured)).toEqual([
      expect.stringMatching(/^status: /),
      expect.stringMatching(/^refundedAt: /),
    ]);
  });

  it('reads the declined problem with its decline code, and payment_in_progress', () => {
    const declined = problem(402, 'payment_declined', 'The card was declined by its issuer.', {
      decline_code: 'card_declined',
      payment_id: PAYMENT_ID,
    });
    expect(paymentDeclinedProblemSchema.parse(declined)).toMatchObject({
      decline_code: 'card_declined',
      payment_id: PAYMENT_ID,
    });
    expect(
      refusals(paymentDeclinedProblemSchema, { ...declined, decline_code: undefined }),
    ).toEqual([expect.stringMatching(/^decline_code: /)]);
    const busy = problem(409, 'payment_in_progress', 'Another request…', {});
    expect(paymentInProgressProblemSchema.parse(busy)).toMatchObject({
      code: 'payment_in_progress',
    });
  });
});

describe('reading an answer', () => {
  it('gives the parsed answer, or an error naming each field that does not match', () => {
    expect(parseAnswer(moneySchema, { amount: 1, currency: 'EUR' }, 'x')).toEqual({
      amount: 1,
      currency: 'EUR',
    });
    const read = () =>
      parseAnswer(moneySchema, { amount: '1' }, "payment's 201 answer to a charge");
    expect(read).toThrow(WireContractError);
    expect(read).toThrow(
      /^payment's 201 answer to a charge does not match its contract: amount .+; currency .+$/,
    );
  });
});
