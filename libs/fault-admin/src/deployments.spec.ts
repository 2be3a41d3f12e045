import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deploymentsAdmin } from './deployments';
import { FaultAdminError } from './fault-admin';

type Handler = (req: IncomingMessage, body: string) => { status: number; body?: unknown };

/** An HTTP server answering as `handler` says, remembering every call (the edge under test). */
async function standIn(handler: Handler) {
  const calls: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push(`${req.method} ${req.url} ${body}`.trim());
      const answer = handler(req, body);
      res.writeHead(answer.status, {
        'content-type': answer.status < 400 ? 'application/json' : 'application/problem+json',
      });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const CANARY = { service: 'payment', version: '0.2.0', url: 'http://127.0.0.1:3014', pid: 42 };

describe('deploymentsAdmin', () => {
  it('stops the canary it started when order refuses the route, and says why', async () => {
    const supervisor = await standIn((req) =>
      req.method === 'PUT'
        ? { status: 200, body: CANARY }
        : { status: 200, body: { rolledBack: CANARY } },
    );
    const order = await standIn(() => ({
      status: 400,
      body: {
        code: 'validation_failed',
        invalid_params: [{ name: 'weightPercent', reason: 'must be a percent from 0 to 100' }],
      },
    }));
    try {
      const admin = deploymentsAdmin({
        supervisorUrl: supervisor.url,
        orderUrl: order.url,
        token: 't',
      });
      const error = await admin.deploy('0.2.0', 20).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FaultAdminError);
      expect((error as Error).message).toBe(
        'order answered 400: weightPercent: must be a percent from 0 to 100',
      );
      expect(supervisor.calls).toEqual([
        'PUT /deployments/payment {"version":"0.2.0"}',
        'DELETE /deployments/payment',
      ]);
    } finally {
      await supervisor.close();
      await order.close();
    }
  });

  it('rolls back what there is: nothing routed and nothing running is not a failure', async () => {
    const noCanary = { status: 404, body: { code: 'no_canary', detail: 'none' } };
    const supervisor = await standIn(() => noCanary);
    const order = await standIn(() => noCanary);
    try {
      const admin = deploymentsAdmin({
        supervisorUrl: supervisor.url,
        orderUrl: order.url,
        token: 't',
      });
      expect(await admin.rollback()).toEqual({ trafficMoved: false, stopped: undefined });
      // Traffic first, then the process.
      expect(order.calls).toEqual(['DELETE /admin/deployments/payment']);
      expect(supervisor.calls).toEqual(['DELETE /deployments/payment']);
    } finally {
      await supervisor.close();
      await order.close();
    }
  });

  it('reports an unreachable supervisor by name, starting nothing', async () => {
    const order = await standIn(() => ({ status: 200, body: {} }));
    try {
      const admin = deploymentsAdmin({
        supervisorUrl: 'http://127.0.0.1:1',
        orderUrl: order.url,
        token: 't',
      });
      await expect(admin.deploy('0.2.0', 20)).rejects.toThrow(
        'supervisor is not reachable at http://127.0.0.1:1',
      );
      expect(order.calls).toEqual([]);
    } finally {
      await order.close();
    }
  });
});
