import { randomBytes, randomUUID } from 'node:crypto';
import { faultAdmin } from '@faultline/fault-admin';
import { dropDatabase } from '@faultline/postgres';
import { startStack } from '@faultline/stack';
import type { Stack } from '@faultline/stack';
import { runFaultline } from './support/scenario-cli';

const ADMIN_TOKEN = 'room-e2e-admin-token';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Three groups' stacks, each on its own loopback address at the default ports, as in a room. */
const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'] as const;

const faultline = (args: string[]) => runFaultline(args, { FAULT_ADMIN_TOKEN: ADMIN_TOKEN });

/**
 * `--hosts` against a room of real stacks: three stacks (the four services and the gateway, as
 * npm start runs them, on real PostgreSQL), each on the default ports of its own loopback address;
 * the third is stopped before the commands, and the other two carry on.
 */
describe('a room of stacks, driven with --hosts', () => {
  const stacks = new Map<string, Stack>();
  const databases: string[] = [];

  beforeAll(async () => {
    const started = await Promise.allSettled(
      HOSTS.map(async (host) => {
        const stack = await startStack({
          host,
          ports: 'default',
          postgresUrl: POSTGRES_URL,
          databasePrefix: `room_${randomBytes(3).toString('hex')}_`,
          gateway: true,
          watcher: false,
          env: { FAULT_ADMIN_TOKEN: ADMIN_TOKEN, GATEWAY_LATENCY_MEDIAN_MS: '5' },
        });
        stacks.set(host, stack);
        databases.push(...Object.values(stack.databaseUrls));
      }),
    );
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // A group's laptop closed: its stack is gone, its neighbours' are not.
    await stacks.get('127.0.0.4')?.stop();
    stacks.delete('127.0.0.4');
  }, 90_000);
  afterAll(async () => {
    await Promise.allSettled([...stacks.values()].map((stack) => stack.stop()));
    await Promise.allSettled(databases.map((url) => dropDatabase(url)));
  });

  const running = () => [...stacks.entries()];
  const checkout = (stack: Stack) =>
    fetch(`${stack.urls.gateway ?? ''}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'room-e2e',
        items: [{ productId: 'prd_08', quantity: 1 }],
        payment: { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' },
      }),
    });

  it('runs one mystery on every stack that is up, reports the one that is down, and resets the rest', async () => {
    const hosts = ['--hosts', HOSTS.join(',')];
    const mystery = await faultline([
      'run',
      '--mystery',
      'first-frost',
      '--duration',
      '5',
      ...hosts,
    ]);
    expect(mystery.code).toBe(1);
    expect(mystery.lines).toContain('[127.0.0.2] Mystery first-frost');
    expect(mystery.lines).toContainEqual(
      expect.stringMatching(/^\[127\.0\.0\.3\] \[\+00:00\] applied fault first-frost\.1 for 5 s$/),
    );
    expect(mystery.lines).toContainEqual(
      expect.stringMatching(
        /^\[127\.0\.0\.4\] faultline: payment is not reachable at http:\/\/127\.0\.0\.4:3004/,
      ),
    );
    expect(mystery.lines.at(-1)).toBe('1 of 3 stacks failed: 127.0.0.4');

    // The faults lived in each running stack's payment while the run lasted; both are gone now.
    for (const [, stack] of running()) {
      const payment = faultAdmin({ baseUrl: stack.urls.payment, token: ADMIN_TOKEN });
      expect(await payment.list()).toEqual([]);
      expect((await checkout(stack)).status).toBe(201);
    }

    const reset = await faultline(['reset', ...hosts]);
    expect(reset.code).toBe(1);
    for (const host of ['127.0.0.2', '127.0.0.3']) {
      expect(reset.lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^\\[${host.replace(/\./g, '\\.')}\\] order: data reset to the seed \\(orders: [1-9]\\d* removed\\)$`,
          ),
        ),
      );
    }
    expect(reset.lines).toContainEqual(
      expect.stringMatching(/^\[127\.0\.0\.4\] order: order is not reachable/),
    );
    // The same processes take the next group's first order.
    for (const [, stack] of running()) expect((await checkout(stack)).status).toBe(201);
  }, 60_000);
});
