import { randomUUID } from 'node:crypto';
import { AS_SERVICE, startCheckoutStack } from './support/checkout-stack';
import type { CheckoutStack } from './support/checkout-stack';

const PAYS = '4242 4242 4242 4242';
const DECLINES = '4000000000000002';
const NO_FUNDS = '4000000000009995';
const card = (cardNumber = PAYS) => ({ cardNumber, expiry: '12/39', cvv: '123' });

describe('order checkout against real catalog, inventory and payment', () => {
  let h: CheckoutStack;
  beforeAll(async () => {
    h = await startCheckoutStack();
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  const checkout = async (body: unknown, key: string | null = randomUUID(), raw?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers['idempotency-key'] = key;
    const res = await fetch(`${h.order.url}/orders`, {
      method: 'POST',
      headers,
      body: raw ?? JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const json = (text: string) => JSON.parse(text) as Record<string, any>;
  const orderCount = async () =>
    Number((await h.order.query<{ n: number }>('SELECT count(*) AS n FROM orders'))[0]?.n);
  const stockOf = (sku: string) => h.stockOf(sku);
  const setStock = (sku: string, available: number) =>
    fetch(`${h.inventory.url}/stock/${sku}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...AS_SERVICE },
      body: JSON.stringify({ available }),
    });
  const chargesFor = (orderId: string) => h.chargesFor(orderId);
  const reservationOf = async (orderId: string) =>
    (
      (await (
        await fetch(`${h.inventory.url}/reservations?orderId=${orderId}`, { headers: AS_SERVICE })
      ).json()) as {
        items: { status: string }[];
      }
    ).items[0];

  it('places a paid order: prices from catalog, stock committed, card charged once', async () => {
    const before = await stockOf('FL-STOVE-GAS');
    const res = await checkout({
      customerId: 'c-1',
      items: [
        { productId: 'prd_04', quantity: 2 },
        { productId: 'prd_06', quantity: 1 },
      ],
      payment: card(),
    });
    expect(res.status).toBe(201);
    const body = json(res.text);
    expect(body).toMatchObject({
      status: 'paid',
      customerId: 'c-1',
      total: { amount: 2 * 3900 + 3400, currency: 'EUR' },
    });
    expect(body['items'][0]).toEqual({
      productId: 'prd_04',
      sku: 'FL-STOVE-GAS',
      name: 'Pocket gas stove',
      quantity: 2,
      unitPrice: { amount: 3900, currency: 'EUR' },
    });
    expect(await stockOf('FL-STOVE-GAS')).toBe(before - 2);
    expect((await reservationOf(body['id']))?.status).toBe('committed');
    expect(await chargesFor(body['id'])).toBe(1);
    const got = await fetch(`${h.order.url}/orders/${body['id']}`);
    expect(await got.json()).toMatchObject({
      id: body['id'],
      status: 'paid',
      paymentId: body['paymentId'],
    });
  });

  it('replays the first answer for the same Idempotency-Key and never charges twice', async () => {
    const key = randomUUID();
    const request = {
      customerId: 'c-2',
      items: [{ productId: 'prd_12', quantity: 1 }],
      payment: card(),
    };
    const first = await checkout(request, key);
    const second = await checkout(request, key);
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect(await chargesFor(json(first.text)['id'])).toBe(1);
    const rows = await h.order.query<{ n: number }>(
      'SELECT count(*) AS n FROM orders WHERE idempotency_key = $1',
      [key],
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('refuses a different order under a used Idempotency-Key with 422', async () => {
    const key = randomUUID();
    await checkout(
      { customerId: 'c-3', items: [{ productId: 'prd_12', quantity: 1 }], payment: card() },
      key,
    );
    const other = await checkout(
      { customerId: 'c-3', items: [{ productId: 'prd_12', quantity: 2 }], payment: card() },
      key,
    );
    expect(other.status).toBe(422);
    expect(json(other.text)).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it.each([
    [DECLINES, 'card_declined'],
    [NO_FUNDS, 'insufficient_funds'],
  ])('answers a declined card (%s) with 402 %s and gives the stock back', async (number, code) => {
    const before = await stockOf('FL-LAMP-400');
    const res = await checkout({
      customerId: 'c-4',
      items: [{ productId: 'prd_06', quantity: 1 }],
      payment: card(number),
    });
    expect(res.status).toBe(402);
    expect(res.type).toMatch(/^application\/problem\+json/);
    const problem = json(res.text);
    expect(problem).toMatchObject({ code: 'payment_declined', decline_code: code });
    expect(await stockOf('FL-LAMP-400')).toBe(before);
    expect((await reservationOf(problem['order_id']))?.status).toBe('released');
    const stored = await fetch(`${h.order.url}/orders/${problem['order_id']}`);
    expect(await stored.json()).toMatchObject({ status: 'declined', declineCode: code });
  });

  describe('bad input: a 4xx problem naming the problem, and nothing written', () => {
    const valid = () => ({
      customerId: 'c-5',
      items: [{ productId: 'prd_01', quantity: 1 }],
      payment: card(),
    });
    it.each([
      ['a missing Idempotency-Key', () => checkout(valid(), null), 400, 'header.Idempotency-Key'],
      [
        'a malformed Idempotency-Key',
        () => checkout(valid(), 'has spaces in it'),
        400,
        'header.Idempotency-Key',
      ],
      [
        'malformed JSON',
        () => checkout(undefined, randomUUID(), '{"customerId": "c-5", '),
        400,
        undefined,
      ],
      [
        'a quantity of zero',
        () => checkout({ ...valid(), items: [{ productId: 'prd_01', quantity: 0 }] }),
        400,
        'body.items.0.quantity',
      ],
      [
        'a negative quantity',
        () => checkout({ ...valid(), items: [{ productId: 'prd_01', quantity: -3 }] }),
        400,
        'body.items.0.quantity',
      ],
      [
        'a fractional quantity',
        () => checkout({ ...valid(), items: [{ productId: 'prd_01', quantity: 1.5 }] }),
        400,
        'body.items.0.quantity',
      ],
      [
        'a quantity given as a string',
        () => checkout({ ...valid(), items: [{ productId: 'prd_01', quantity: '2' }] }),
        400,
        'body.items.0.quantity',
      ],
      ['no items', () => checkout({ ...valid(), items: [] }), 400, 'body.items'],
      [
        'the same product twice',
        () =>
          checkout({
            ...valid(),
            items: [
              { productId: 'prd_01', quantity: 1 },
              { productId: 'prd_01', quantity: 1 },
            ],
          }),
        400,
        'body.items',
      ],
      [
        'a missing customerId',
        () => checkout({ items: valid().items, payment: card() }),
        400,
        'body.customerId',
      ],
      [
        'a card number failing Luhn',
        () => checkout({ ...valid(), payment: card('4242424242424241') }),
        400,
        'body.payment.cardNumber',
      ],
      [
        'an expired card',
        () => checkout({ ...valid(), payment: { ...card(), expiry: '01/20' } }),
        400,
        'body.payment.expiry',
      ],
      [
        'a bad CVV',
        () => checkout({ ...valid(), payment: { ...card(), cvv: '12' } }),
        400,
        'body.payment.cvv',
      ],
      [
        'an unknown product',
        () => checkout({ ...valid(), items: [{ productId: 'prd_99', quantity: 1 }] }),
        422,
        undefined,
      ],
      [
        'an oversized body',
        () => checkout({ ...valid(), customerId: 'x'.repeat(40_000) }),
        413,
        undefined,
      ],
    ])('%s', async (_label, send, status, field) => {
      const ordersBefore = await orderCount();
      const stockBefore = await stockOf('FL-TENT-2P');
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.type).toMatch(/^application\/problem\+json/);
      const problem = json(res.text);
      if (field !== undefined)
        expect(problem['invalid_params'].map((p: { name: string }) => p.name)).toContain(field);
      expect(await orderCount()).toBe(ordersBefore);
      expect(await stockOf('FL-TENT-2P')).toBe(stockBefore);
      expect(res.text).not.toContain('4242424242424242');
    });
  });

  it('rejects an order for more than is in stock with 409, reserving nothing', async () => {
    await setStock('FL-HAMMOCK', 1);
    const res = await checkout({
      customerId: 'c-6',
      items: [{ productId: 'prd_20', quantity: 2 }],
      payment: card(),
    });
    expect(res.status).toBe(409);
    expect(json(res.text)).toMatchObject({
      code: 'insufficient_stock',
      sku: 'FL-HAMMOCK',
      available: 1,
    });
    expect(await stockOf('FL-HAMMOCK')).toBe(1);
  });

  it('never oversells: 12 parallel checkouts for 5 in stock end with exactly 5 paid and 0 left', async () => {
    await setStock('FL-POT-1L', 5);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        checkout({
          customerId: `rush-${i}`,
          items: [{ productId: 'prd_05', quantity: 1 }],
          payment: card(),
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    expect(await stockOf('FL-POT-1L')).toBe(0);
    const paid = await h.order.query<{ id: string }>(
      `SELECT id FROM orders WHERE status = 'paid' AND customer_id LIKE 'rush-%'`,
    );
    expect(paid).toHaveLength(5);
    for (const row of paid) expect(await chargesFor(row.id)).toBe(1);
  });

  it('creates one order and one charge for 10 parallel requests with the same key', async () => {
    const key = randomUUID();
    const request = {
      customerId: 'c-7',
      items: [{ productId: 'prd_16', quantity: 1 }],
      payment: card(),
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => checkout(request, key)));
    const paid = results.filter((r) => r.status === 201);
    expect(paid.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    for (const r of results.filter((x) => x.status === 409))
      expect(json(r.text)['code']).toBe('request_in_progress');
    const rows = await h.order.query<{ id: string }>(
      'SELECT id FROM orders WHERE idempotency_key = $1',
      [key],
    );
    expect(rows).toHaveLength(1);
    expect(await chargesFor(rows[0]!.id)).toBe(1);
  });

  it('answers unknown routes and unknown orders with 404 problem+json', async () => {
    expect((await fetch(`${h.order.url}/nope`)).status).toBe(404);
    const res = await fetch(`${h.order.url}/orders/${randomUUID()}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'order_not_found' });
    expect((await fetch(`${h.order.url}/orders/not-a-uuid`)).status).toBe(400);
  });

  it('never writes the card number or CVV to its logs or its database', async () => {
    // Everything the order process wrote, from its start: every checkout above is in it.
    const lines = h.order.logText();
    expect(lines).toContain('"event":"service_listening"');
    expect(lines).not.toMatch(/4242\s?4242\s?4242\s?4242|4000000000000002|"cvv":"123"/);
    const rows = await h.order.query(
      `SELECT * FROM orders WHERE status IN ('paid', 'declined', 'rejected')`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows as { card_vault: Buffer | null }[]) expect(row.card_vault).toBeNull();
    expect(JSON.stringify(rows)).not.toContain('4242424242424242');
  });
});
