import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deploymentsAdmin, runDeployments } from './deployments';
import type { DeploymentsAdmin, TrafficSplit } from './deployments';
import { planDeployments } from './timeline';
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

  it('tells of the traffic moved before it asks the slot to stop the canary', async () => {
    const events: string[] = [];
    const supervisor = await standIn(() => {
      events.push('canary stop asked');
      return { status: 200, body: { rolledBack: CANARY } };
    });
    const order = await standIn(() => ({
      status: 200,
      body: { rolledBack: { service: 'payment' } },
    }));
    try {
      const admin = deploymentsAdmin({
        supervisorUrl: supervisor.url,
        orderUrl: order.url,
        token: 't',
      });
      const rolledBack = await admin.rollback((moved) => events.push(`traffic moved: ${moved}`));
      expect(rolledBack).toEqual({ trafficMoved: true, stopped: CANARY });
      expect(events).toEqual(['traffic moved: true', 'canary stop asked']);
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

describe('runDeployments', () => {
  /** A deployments admin that records its calls; order's split as `routed` says. */
  function recording(routed: () => TrafficSplit['canary']) {
    const calls: string[] = [];
    const admin: DeploymentsAdmin = {
      deploy(version, weightPercent, id) {
        calls.push(`deploy ${version} ${weightPercent} ${id}`);
        return Promise.resolve({
          canary: { ...CANARY, service: 'payment', version },
          split: {
            service: 'payment',
            stable: { weightPercent: 100 - weightPercent },
            canary: routed(),
          },
        });
      },
      split() {
        calls.push('split');
        return Promise.resolve({
          service: 'payment',
          stable: { weightPercent: 50 },
          canary: routed(),
        });
      },
      rollback() {
        calls.push('rollback');
        return Promise.resolve({ trafficMoved: true, stopped: { ...CANARY, service: 'payment' } });
      },
    };
    return { admin, calls };
  }
  /** A run named canary-run shipping 0.2.0 as a 50% canary for `durationSeconds`, from the start. */
  const planFor = (durationSeconds: number) =>
    planDeployments({
      name: 'canary-run',
      faults: [],
      deployments: [
        {
          service: 'payment',
          version: '0.2.0',
          canaryPercent: 50,
          startAfterSeconds: 0,
          durationSeconds,
        },
      ],
    });
  const plan = planFor(1);
  const ours = { version: '0.2.0', baseUrl: CANARY.url, weightPercent: 50, id: 'canary-run.1' };

  it('ships the release under the run id and rolls it back when its time is up', async () => {
    expect(plan).toEqual([
      {
        service: 'payment',
        version: '0.2.0',
        canaryPercent: 50,
        atMs: 0,
        durationSeconds: 1,
        id: 'canary-run.1',
      },
    ]);
    const { admin, calls } = recording(() => ours);
    const rolledBack: unknown[] = [];
    const started = Date.now();
    const outcome = await runDeployments(plan, admin, {
      signal: new AbortController().signal,
      pollMs: 200,
      onRolledBack: (_, done) => rolledBack.push(done),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(outcome).toEqual({ stopped: false, shipped: 1 });
    expect(calls[0]).toBe('deploy 0.2.0 50 canary-run.1');
    expect(calls.at(-1)).toBe('rollback');
    expect(calls.filter((call) => call === 'split').length).toBeGreaterThanOrEqual(2);
    expect(rolledBack).toEqual([
      { trafficMoved: true, stopped: expect.objectContaining({ version: '0.2.0' }) },
    ]);
  });

  it('rolls back at once when stopped (Ctrl-C)', async () => {
    const { admin, calls } = recording(() => ours);
    const stop = new AbortController();
    const run = runDeployments(plan, admin, {
      signal: stop.signal,
      pollMs: 5000,
      onDeployed: () => {
        stop.abort();
      },
    });
    expect(await run).toEqual({ stopped: true, shipped: 1 });
    expect(calls).toEqual(['deploy 0.2.0 50 canary-run.1', 'rollback']);
  });

  it('ends without touching a canary someone else rolled back (or replaced)', async () => {
    let routed: TrafficSplit['canary'] = ours;
    const { admin, calls } = recording(() => routed);
    const rolledBack: unknown[] = [];
    const outcome = await runDeployments(planFor(60), admin, {
      signal: new AbortController().signal,
      pollMs: 50,
      onDeployed: () => {
        routed = null;
      },
      onRolledBack: (_, done) => rolledBack.push(done),
    });
    expect(outcome).toEqual({ stopped: false, shipped: 1 });
    expect(calls).toEqual(['deploy 0.2.0 50 canary-run.1', 'split']);
    expect(rolledBack).toEqual([undefined]);
  });
});
