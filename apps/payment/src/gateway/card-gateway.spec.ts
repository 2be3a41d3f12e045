import type { Pool } from '@faultline/postgres';
import { openTestDatabase } from '../test/test-database';
import type { MigratedTestDatabase } from '../test/test-database';
import { simulatedCardGateway } from './card-gateway';
import type { CardGateway, ChargeRequest } from '../domain/ports';

describe('simulated card gateway', () => {
  let db: MigratedTestDatabase;
  let pool: Pool;
  let gateway: CardGateway;
  const waits: number[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('payment_gateway');
    pool = db.pool;
    gateway = simulatedCardGateway({
      pool,
      latencyMedianMs: 20,
      random: () => 0.25, // a standard normal of exactly 0: the median
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  const request = (chargeKey: string, number = '4242424242424242'): ChargeRequest => ({
    chargeKey,
    amount: { amount: 4900, currency: 'EUR' },
    card: { number, expiry: '12/30', cvv: '947' },
  });
  const ledger = async (chargeKey: string) =>
    (
      await pool.query<{ reference: string; amount: number; currency: string }>(
        'SELECT reference, amount, currency FROM gateway_charges WHERE idempotency_key = $1',
        [chargeKey],
      )
    ).rows;

  it('approves a card, records one charge and waits out its latency', async () => {
    waits.length = 0;
    const answer = await gateway.charge(request('key-approve'));
    expect(answer).toEqual({ status: 'approved', reference: expect.stringMatching(/^ch_/) });
    expect(await ledger('key-approve')).toEqual([
      { reference: (answer as { reference: string }).reference, amount: 4900, currency: 'EUR' },
    ]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeCloseTo(20, 6);
  });

  it('returns the first reference for a key charged again, even concurrently, and charges once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => gateway.charge(request('key-twice'))),
    );
    const references = new Set(answers.map((a) => (a.status === 'approved' ? a.reference : '')));
    expect(references.size).toBe(1);
    expect(await ledger('key-twice')).toHaveLength(1);
    expect(await gateway.charge(request('key-twice'))).toEqual(answers[0]);
  });

  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000009979', 'stolen_card'],
  ])('declines test card %s as %s and records no charge', async (number, declineCode) => {
    const answer = await gateway.charge(request(`key-${declineCode}`, number));
    expect(answer).toEqual({ status: 'declined', declineCode });
    expect(await ledger(`key-${declineCode}`)).toEqual([]);
  });
});
