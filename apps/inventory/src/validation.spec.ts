import { startInventory } from './test/inventory-under-test';
import type { InventoryUnderTest, RawBody } from './test/inventory-under-test';

/** A well-formed reservation request, to be spoiled one field at a time. */
const valid = {
  orderId: 'ord-valid',
  items: [
    { sku: 'FL-TENT-2P', quantity: 1 },
    { sku: 'FL-PAD-INF', quantity: 2 },
  ],
};
const withItem = (item: unknown) => ({ ...valid, items: [item] });
const json = (raw: string): RawBody => ({ raw, contentType: 'application/json' });

interface BadInput {
  what: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  code: string;
  /** The invalid_params names, in order; none for problems with the body as a whole. */
  names?: string[];
}

const badInputs: BadInput[] = [
  {
    what: 'malformed JSON',
    method: 'POST',
    path: '/reservations',
    body: json('{"orderId": "ord-1", "items": [ {"sku": '),
    status: 400,
    code: 'malformed_json',
    names: ['body'],
  },
  {
    what: 'a body larger than the JSON limit',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, padding: 'x'.repeat(20_000) },
    status: 413,
    code: 'payload_too_large',
    names: ['body'],
  },
  {
    what: 'a body that is not JSON',
    method: 'POST',
    path: '/reservations',
    body: { raw: 'orderId=ord-1', contentType: 'text/plain' },
    status: 400,
    code: 'validation_failed',
    names: ['body'],
  },
  {
    what: 'a JSON array instead of an object',
    method: 'POST',
    path: '/reservations',
    body: [valid],
    status: 400,
    code: 'validation_failed',
    names: ['body'],
  },
  {
    what: 'a missing orderId',
    method: 'POST',
    path: '/reservations',
    body: { items: valid.items },
    status: 400,
    code: 'validation_failed',
    names: ['body.orderId'],
  },
  {
    what: 'missing items',
    method: 'POST',
    path: '/reservations',
    body: { orderId: 'ord-1' },
    status: 400,
    code: 'validation_failed',
    names: ['body.items'],
  },
  {
    what: 'an orderId with characters outside [A-Za-z0-9_-]',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, orderId: "ord'; DROP TABLE stock;--" },
    status: 400,
    code: 'validation_failed',
    names: ['body.orderId'],
  },
  {
    what: 'an orderId longer than 64 characters',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, orderId: 'o'.repeat(65) },
    status: 400,
    code: 'validation_failed',
    names: ['body.orderId'],
  },
  {
    what: 'an orderId that is a number',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, orderId: 42 },
    status: 400,
    code: 'validation_failed',
    names: ['body.orderId'],
  },
  {
    what: 'an empty item list',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, items: [] },
    status: 400,
    code: 'validation_failed',
    names: ['body.items'],
  },
  {
    what: 'more than 50 items',
    method: 'POST',
    path: '/reservations',
    body: {
      ...valid,
      items: Array.from({ length: 51 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })),
    },
    status: 400,
    code: 'validation_failed',
    names: ['body.items'],
  },
  {
    what: 'the same SKU twice',
    method: 'POST',
    path: '/reservations',
    body: {
      ...valid,
      items: [
        { sku: 'FL-TENT-2P', quantity: 1 },
        { sku: 'FL-TENT-2P', quantity: 1 },
      ],
    },
    status: 400,
    code: 'validation_failed',
    names: ['body.items.1.sku'],
  },
  {
    what: 'a quantity of zero',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P', quantity: 0 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'a negative quantity',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P', quantity: -3 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'a fractional quantity',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P', quantity: 1.5 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'a quantity above 100',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P', quantity: 101 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'a quantity given as a string',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P', quantity: '2' }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'an item without a quantity',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL-TENT-2P' }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.quantity'],
  },
  {
    what: 'an item without a sku',
    method: 'POST',
    path: '/reservations',
    body: withItem({ quantity: 1 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.sku'],
  },
  {
    what: 'an item that is not an object',
    method: 'POST',
    path: '/reservations',
    body: withItem('FL-TENT-2P'),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0'],
  },
  {
    what: 'a malformed sku',
    method: 'POST',
    path: '/reservations',
    body: withItem({ sku: 'FL TENT/2P', quantity: 1 }),
    status: 400,
    code: 'validation_failed',
    names: ['body.items.0.sku'],
  },
  {
    what: 'a ttlSeconds of zero',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, ttlSeconds: 0 },
    status: 400,
    code: 'validation_failed',
    names: ['body.ttlSeconds'],
  },
  {
    what: 'a ttlSeconds above a day',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, ttlSeconds: 86_401 },
    status: 400,
    code: 'validation_failed',
    names: ['body.ttlSeconds'],
  },
  {
    what: 'a fractional ttlSeconds',
    method: 'POST',
    path: '/reservations',
    body: { ...valid, ttlSeconds: 2.5 },
    status: 400,
    code: 'validation_failed',
    names: ['body.ttlSeconds'],
  },
  {
    what: 'several bad fields at once',
    method: 'POST',
    path: '/reservations',
    body: { orderId: '', items: [{ sku: 'FL-TENT-2P', quantity: 0 }], ttlSeconds: 'soon' },
    status: 400,
    code: 'validation_failed',
    names: ['body.orderId', 'body.items.0.quantity', 'body.ttlSeconds'],
  },
  {
    what: 'a reservation id that is not a UUID (read)',
    method: 'GET',
    path: '/reservations/not-a-uuid',
    status: 400,
    code: 'validation_failed',
    names: ['path.id'],
  },
  {
    what: 'a reservation id that is not a UUID (commit)',
    method: 'POST',
    path: '/reservations/123/commit',
    status: 400,
    code: 'validation_failed',
    names: ['path.id'],
  },
  {
    what: 'a reservation id that is not a UUID (release)',
    method: 'POST',
    path: "/reservations/1'%20OR%20'1'='1/release",
    status: 400,
    code: 'validation_failed',
    names: ['path.id'],
  },
  {
    what: 'a lookup by order without an orderId',
    method: 'GET',
    path: '/reservations',
    status: 400,
    code: 'validation_failed',
    names: ['query.orderId'],
  },
  {
    what: 'a lookup by a malformed orderId',
    method: 'GET',
    path: '/reservations?orderId=a%20b',
    status: 400,
    code: 'validation_failed',
    names: ['query.orderId'],
  },
  {
    what: 'a negative stock level',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: { available: -1 },
    status: 400,
    code: 'validation_failed',
    names: ['body.available'],
  },
  {
    what: 'a fractional stock level',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: { available: 2.5 },
    status: 400,
    code: 'validation_failed',
    names: ['body.available'],
  },
  {
    what: 'a stock level given as a string',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: { available: '7' },
    status: 400,
    code: 'validation_failed',
    names: ['body.available'],
  },
  {
    what: 'a stock level beyond what the column holds',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: { available: 2 ** 31 },
    status: 400,
    code: 'validation_failed',
    names: ['body.available'],
  },
  {
    what: 'a missing stock level',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: {},
    status: 400,
    code: 'validation_failed',
    names: ['body.available'],
  },
  {
    what: 'malformed JSON for a stock level',
    method: 'PUT',
    path: '/stock/FL-TENT-2P',
    body: json('{"available": 5'),
    status: 400,
    code: 'malformed_json',
    names: ['body'],
  },
  {
    what: 'a malformed sku in the path of a restock',
    method: 'PUT',
    path: '/stock/FL%20TENT',
    body: { available: 5 },
    status: 400,
    code: 'validation_failed',
    names: ['path.sku'],
  },
  {
    what: 'a malformed sku in the path of a stock read',
    method: 'GET',
    path: '/stock/%3Cscript%3E',
    status: 400,
    code: 'validation_failed',
    names: ['path.sku'],
  },
];

describe('input validation', () => {
  let inventory: InventoryUnderTest;
  let pendingId: string;

  beforeAll(async () => {
    inventory = await startInventory();
    const pending = await inventory.call('POST', '/reservations', {
      orderId: 'ord-existing',
      items: [{ sku: 'FL-HAMMOCK', quantity: 1 }],
    });
    expect(pending.status).toBe(201);
    pendingId = pending.body.id;
  });
  afterAll(async () => {
    await inventory.stop();
  });

  it.each(badInputs)(
    'rejects $what with $status $code, changing nothing',
    async ({ method, path, body, status, code, names }) => {
      const before = await inventory.snapshot();
      const answer = await inventory.call(method, path, body);
      expect(answer.status).toBe(status);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code, status });
      expect(typeof answer.body.detail).toBe('string');
      const params = answer.body.invalid_params as { name: string; reason: string }[] | undefined;
      expect(params?.map((param) => param.name)).toEqual(names);
      for (const param of params ?? []) expect(param.reason).not.toBe('');
      expect(await inventory.snapshot()).toEqual(before);
    },
  );

  it('tells a missing field from a field of the wrong type', async () => {
    const missing = await inventory.call('POST', '/reservations', withItem({ sku: 'FL-TENT-2P' }));
    const wrongType = await inventory.call(
      'POST',
      '/reservations',
      withItem({ sku: 'FL-TENT-2P', quantity: '1' }),
    );
    expect(missing.body.invalid_params[0].reason).toBe('is required');
    expect(wrongType.body.invalid_params[0].reason).toBe('must be a number');
  });

  it('leaves the existing reservation pending after every bad request', async () => {
    const read = await inventory.call('GET', `/reservations/${pendingId}`);
    expect(read.body).toMatchObject({
      status: 'pending',
      items: [{ sku: 'FL-HAMMOCK', quantity: 1 }],
    });
  });
});
