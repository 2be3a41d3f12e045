import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, isServiceCallError } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import { catalogClient } from './catalog-client';
import type { DownstreamOptions } from './catalog-client';
import { inventoryClient } from './inventory-client';
import { paymentClient } from './payment-client';

const PAYMENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const card = { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' };
const charge = {
  orderId: '3b241101-e2bb-5255-8caf-4136c566a962',
  idempotencyKey: 'order-3b241101',
  amount: { amount: 4900, currency: 'EUR' },
  card,
};

// One fake downstream answers every request with the status and body a test sets, and keeps what it was sent.
describe('reading downstream answers by their contracts', () => {
  let server: Server;
  let answer: { status: number; body: unknown };
  let sent: unknown[];
  let options: DownstreamOptions;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        sent.push(text === '' ? undefined : JSON.parse(text));
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    options = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      timeoutMs: 1000,
      serviceToken: 'test-token',
      metrics: freshMetrics(),
      logger: createLogger({ service: 'order', destination: captureLogs().destination }),
    };
  });
  beforeEach(() => {
    sent = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const payments = () =>
    paymentClient({ ...options, breakerVolumeThreshold: 100, breakerResetMs: 1000 });

  const failureOf = async (call: Promise<unknown>) => {
    try {
      await call;
    } catch (error) {
      return error;
    }
    throw new Error('the call succeeded');
  };

  it('sends payment the internal charge request, the card as { number, expiry, cvv }', async () => {
    answer = {
      status: 201,
      body: {
        id: PAYMENT_ID,
        orderId: charge.orderId,
        status: 'captured',
        amount: charge.amount,
        card: { brand: 'visa', last4: '4242' },
        gatewayReference: 'ch_0123456789abcdef01234567',
        createdAt: '2026-06-15T12:00:00.000Z',
      },
    };
    const client = payments();
    await expect(client.charge(charge)).resolves.toEqual({
      outcome: 'captured',
      paymentId: PAYMENT_ID,
    });
    client.close();
    expect(sent).toEqual([
      {
        orderId: charge.orderId,
        amount: charge.amount,
        card: { number: card.cardNumber, expiry: card.expiry, cvv: card.cvv },
      },
    ]);
  });

  it('fails a capture answer without a payment id as a bad_answer, naming the field', async () => {
    answer = { status: 201, body: { status: 'captured' } };
    const client = payments();
    const error = await failureOf(client.charge(charge));
    client.close();
    expect(isServiceCallError(error) && error.kind).toBe('bad_answer');
    expect((error as Error).message).toMatch(
      /^payment's 201 answer to a charge does not match its contract: .*\bid\b/,
    );
  });

  it('fails a decline without its decline code as a bad_answer (never a guessed code)', async () => {
    answer = {
      status: 402,
      body: {
        type: 'urn:faultline:problem:payment_declined',
        title: 'Payment Required',
        status: 402,
        detail: 'The card was declined by its issuer.',
        code: 'payment_declined',
        payment_id: PAYMENT_ID,
      },
    };
    const client = payments();
    const error = await failureOf(client.charge(charge));
    client.close();
    expect(isServiceCallError(error) && error.kind).toBe('bad_answer');
    expect((error as Error).message).toMatch(/decline_code/);
  });

  it('fails a reservation answer without an id as a bad_answer', async () => {
    answer = { status: 201, body: { orderId: charge.orderId, status: 'pending' } };
    const client = inventoryClient(options);
    const error = await failureOf(
      client.reserve({
        orderId: charge.orderId,
        items: [{ sku: 'FL-TENT-2P', quantity: 1 }],
        ttlSeconds: 60,
      }),
    );
    client.close();
    expect(isServiceCallError(error) && error.kind).toBe('bad_answer');
    expect((error as Error).message).toMatch(/^inventory's 201 answer to a reservation/);
  });

  it('fails a product list with a price in major units as a bad_answer, naming the field', async () => {
    answer = {
      status: 200,
      body: {
        items: [
          {
            id: 'prd_01',
            sku: 'FL-TENT-2P',
            name: 'Tent',
            price: { amount: '189.00', currency: 'EUR' },
          },
        ],
      },
    };
    const client = catalogClient(options);
    const error = await failureOf(client.findProducts(['prd_01']));
    client.close();
    expect(isServiceCallError(error) && error.kind).toBe('bad_answer');
    expect((error as Error).message).toMatch(/items\.0\.price\.amount/);
  });
});
