import { once } from 'node:events';
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import { createLogger } from '../logging';
import type { Logger } from '../logging';
import { captureLogs, freshMetrics } from '../testing';
import type { LogCapture } from '../testing';
import { createServiceApp } from './create-service-app';
import { serve } from './serve';
import type { RunningService, ServeOptions } from './serve';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A GET over a given agent (keep-alive or not), with the answer's status, headers and body. */
function get(
  url: string,
  agent?: Agent,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

/** Everything a raw socket receives until the server closes it, and how long that took. */
async function untilClosed(socket: Socket): Promise<{ received: string; ms: number }> {
  const started = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  await once(socket, 'close');
  return { received, ms: Date.now() - started };
}

describe('serve', () => {
  let logs: LogCapture;
  let logger: Logger;
  let service: RunningService | undefined;
  /** Answers once `release` is called; `finished` says whether that response went out. */
  let slow: { release: () => void; finished: boolean };

  const app = (): Express =>
    createServiceApp({ logger, metrics: freshMetrics() }, (app, kit) => {
      app.get('/slow', (_req, res) => {
        slow.release = () => {
          if (!res.headersSent && !res.destroyed) res.json({ finished: true });
        };
        res.once('finish', () => (slow.finished = true));
      });
      app.get('/quick', (_req, res) => {
        res.json({ quick: true });
      });
      app.post('/upload', kit.json, (_req, res) => {
        res.status(204).end();
      });
    });
  const start = async (options: Partial<ServeOptions> = {}): Promise<RunningService> => {
    service = await serve(app(), { port: 0, host: '127.0.0.1', logger, ...options });
    return service;
  };

  beforeEach(() => {
    logs = captureLogs();
    logger = createLogger({ service: 'test', destination: logs.destination });
    slow = { release: () => undefined, finished: false };
  });
  afterEach(async () => {
    slow.release();
    await service?.shutdown('test over');
    service = undefined;
  });

  it('answers readiness 503 draining, with Connection: close, while the grace period lets balancers notice', async () => {
    const running = await start({ readinessGraceMs: 400 });
    expect((await get(`${running.url}/health/ready`)).status).toBe(200);
    const stopping = running.shutdown('test');
    await pause(50);
    const ready = await get(`${running.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'draining' });
    expect(ready.headers.connection).toBe('close');
    const quick = await get(`${running.url}/quick`);
    expect(quick.status).toBe(200);
    expect(quick.headers.connection).toBe('close');
    await stopping;
    await expect(get(`${running.url}/quick`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('tells a busy keep-alive client Connection: close once draining starts, then stops within the grace period', async () => {
    const running = await start({ readinessGraceMs: 200, drainTimeoutMs: 5000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = await get(`${running.url}/quick`, agent);
    expect(before.headers.connection).toBe('keep-alive');
    const started = Date.now();
    const stopping = running.shutdown('test');
    const state = { stopped: false };
    void stopping.then(() => (state.stopped = true));
    // The client keeps asking, as a load generator would, until the instance stops accepting.
    const seen: (string | undefined)[] = [];
    while (!state.stopped && Date.now() - started < 3000) {
      const answer = await get(`${running.url}/quick`, agent).catch(() => undefined);
      if (!answer) break;
      seen.push(answer.headers.connection);
      await pause(5);
    }
    await stopping;
    agent.destroy();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((connection) => connection === 'close')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(logs.lines().some((l) => l['event'] === 'drain_timeout')).toBe(false);
  });

  it('lets a request that started before shutdown finish with 200, with Connection: close, before any hook runs', async () => {
    const steps: string[] = [];
    const running = await start({
      readinessGraceMs: 50,
      onShutdown: [
        () => Promise.resolve(steps.push(`close pool (response sent: ${slow.finished})`)),
        () => Promise.resolve(steps.push('stop worker')),
      ],
    });
    const inFlight = get(`${running.url}/slow`);
    await pause(50);
    const stopping = running.shutdown('test');
    await pause(300);
    expect(steps).toEqual([]);
    slow.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ finished: true });
    expect(response.headers.connection).toBe('close');
    await stopping;
    expect(steps).toEqual(['close pool (response sent: true)', 'stop worker']);
    const events = logs.lines().map((l) => l['event']);
    expect(events).toEqual(
      expect.arrayContaining(['service_listening', 'service_stopping', 'service_stopped']),
    );
    expect(events).not.toContain('drain_timeout');
  });

  it('cuts a request that outlives drainTimeoutMs, logs it, and only then runs the hooks', async () => {
    const steps: string[] = [];
    const running = await start({
      readinessGraceMs: 0,
      drainTimeoutMs: 200,
      onShutdown: [() => Promise.resolve(steps.push(`hook (response sent: ${slow.finished})`))],
    });
    const inFlight = get(`${running.url}/slow`).catch((error: unknown) => error);
    await pause(50);
    const started = Date.now();
    await running.shutdown('test');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(await inFlight).toMatchObject({ code: 'ECONNRESET' });
    expect(steps).toEqual(['hook (response sent: false)']);
    expect(logs.lines().find((l) => l['event'] === 'drain_timeout')).toMatchObject({
      level: 'warn',
      in_flight: 1,
    });
  });

  it('closes a connection whose declared body never arrives within requestTimeoutMs, and keeps serving', async () => {
    const running = await start({ headersTimeoutMs: 200, requestTimeoutMs: 300 });
    const socket = connect(running.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{"',
    );
    const { received, ms } = await untilClosed(socket);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(1500);
    expect((await get(`${running.url}/quick`)).status).toBe(200);
  });

  it('closes a connection whose headers never finish within headersTimeoutMs', async () => {
    const running = await start({ headersTimeoutMs: 200, requestTimeoutMs: 1000 });
    const socket = connect(running.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /quick HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const { received, ms } = await untilClosed(socket);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(900);
  });

  it('closes an idle keep-alive connection after keepAliveTimeoutMs and says so in Keep-Alive', async () => {
    const running = await start({ keepAliveTimeoutMs: 1000 });
    const socket = connect(running.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
    const { received, ms } = await untilClosed(socket);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toMatch(/^Keep-Alive: timeout=1\r$/im);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(2500);
  });
});
