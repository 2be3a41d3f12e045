import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createServiceClient } from '@faultline/instrumented';
import type { ServiceCallError, ServiceClient } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import { clientFaults } from './client-faults';
import { createFaults } from './faults';
import type { Faults } from './faults';

describe('clientFaults (the order.payment_client point)', () => {
  let server: Server;
  let baseUrl: string;
  let received: IncomingMessage[];
  let answer: boolean;
  let faults: Faults;
  let slept: number[];
  let client: ServiceClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req);
      if (answer) res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"p1"}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    received = [];
    answer = true;
    slept = [];
    faults = createFaults({ seed: 1 });
    client = createServiceClient({
      peerService: 'payment',
      baseUrl,
      metrics: freshMetrics(),
      logger: createLogger({ service: 'order', destination: captureLogs().destination }),
      timeoutMs: 2000,
      random: () => 0.5,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
      interceptor: clientFaults(faults, 'order.payment_client', 'payment'),
    });
  });
  afterEach(async () => {
    client.close();
    await faults.close();
  });

  const charge = () => client.call({ method: 'POST', path: '/payments', body: {} });

  it('sends calls untouched while no rule is active', async () => {
    expect((await charge()).status).toBe(201);
    expect(slept).toEqual([]);
  });

  it('holds each call up by the rule latency plus jitter, on the client clock', async () => {
    faults.apply({
      point: 'order.payment_client',
      kind: 'latency',
      params: { ms: 1500, jitterMs: 200 },
    });
    expect((await charge()).status).toBe(201);
    expect(slept).toEqual([1600]);
  });

  it('cuts a call after it was sent, as a network ECONNRESET the peer may have acted on', async () => {
    answer = false;
    faults.apply({
      point: 'order.payment_client',
      kind: 'connection_reset',
      params: { afterMs: 5 },
    });
    const error = (await charge().then(
      () => undefined,
      (e: unknown) => e,
    )) as ServiceCallError;
    expect(error).toMatchObject({
      kind: 'network',
      message: 'payment unreachable: read ECONNRESET',
    });
    expect(slept).toEqual([5]);
  });

  it('only fires where its match fits the call', async () => {
    faults.apply({
      point: 'order.payment_client',
      kind: 'latency',
      params: { ms: 100 },
      match: { path: '/refunds' },
    });
    expect((await charge()).status).toBe(201);
    expect(slept).toEqual([]);
  });

  it('matches the peer the client calls, so one route of the gateway can fail alone', async () => {
    const toOrder = createServiceClient({
      peerService: 'order',
      baseUrl,
      metrics: freshMetrics(),
      logger: createLogger({ service: 'gateway', destination: captureLogs().destination }),
      timeoutMs: 2000,
      random: () => 0.5,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
      interceptor: clientFaults(faults, 'gateway.http', 'order'),
    });
    try {
      faults.apply({
        point: 'gateway.http',
        kind: 'latency',
        params: { ms: 300 },
        match: { peer: 'catalog' },
      });
      expect((await toOrder.call({ method: 'POST', path: '/orders', body: {} })).status).toBe(201);
      expect(slept).toEqual([]);
      faults.apply({
        point: 'gateway.http',
        kind: 'latency',
        params: { ms: 700 },
        match: { peer: 'order' },
      });
      expect((await toOrder.call({ method: 'POST', path: '/orders', body: {} })).status).toBe(201);
      expect(slept).toEqual([700]);
    } finally {
      toOrder.close();
    }
  });
});
