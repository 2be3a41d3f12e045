import express from 'express';
import { createLogger } from '../logging';
import { captureLogs, listenForTest } from '../testing';
import type { ListeningApp } from '../testing';
import { readyHandler } from './health';

describe('readyHandler', () => {
  let app: ListeningApp | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('reports a check that does not answer in time as a timeout, and logs it', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'test', destination: logs.destination });
    const server = express();
    server.get(
      '/health/ready',
      readyHandler(
        { postgres: () => new Promise(() => undefined), cache: () => Promise.resolve() },
        { logger, checkTimeoutMs: 50 },
      ),
    );
    app = await listenForTest(server);
    const res = await fetch(`${app.url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'unready',
      checks: { postgres: { status: 'fail', reason: 'timeout' }, cache: { status: 'ok' } },
    });
    expect(logs.lines().find((l) => l['event'] === 'readiness_check_failed')).toMatchObject({
      level: 'warn',
      dependency: 'postgres',
      reason: 'timeout',
    });
  });
});
