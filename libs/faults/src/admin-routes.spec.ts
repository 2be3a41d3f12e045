import { createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { createFaults } from './faults';
import type { Faults } from './faults';
import { faultInjection } from './service-app-faults';

const TOKEN = 'sesame';

describe('/admin/faults and the http.server point', () => {
  let app: ListeningApp;
  let faults: Faults;

  beforeAll(async () => {
    faults = createFaults({ seed: 1 });
    const logger = createLogger({ service: 'test', destination: captureLogs().destination });
    app = await listenForTest(
      createServiceApp(
        {
          logger,
          metrics: freshMetrics(),
          ...faultInjection({ engine: faults, adminToken: TOKEN }),
        },
        (a) => {
          a.get('/products', (_req, res) => {
            res.json({ items: [] });
          });
        },
      ),
    );
  });
  afterAll(async () => {
    await faults.close();
    await app.close();
  });
  afterEach(() => {
    faults.clear();
  });

  const admin = (method: string, path = '', body?: unknown, token: string | null = TOKEN) =>
    fetch(`${app.url}/admin/faults${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const rule = {
    point: 'http.server',
    kind: 'error',
    params: { status: 503, code: 'upstream_overloaded' },
  };

  it('refuses a request without a token with 401, and a wrong token with 403, changing nothing', async () => {
    const missing = await admin('POST', '', rule, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await admin('POST', '', rule, 'guess');
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'forbidden' });
    expect((await admin('DELETE', '', undefined, 'guess')).status).toBe(403);
    expect(faults.list()).toEqual([]);
  });

  it('applies, lists and removes a rule', async () => {
    const applied = await admin('POST', '', { ...rule, id: 'overload' });
    expect(applied.status).toBe(201);
    expect(await applied.json()).toMatchObject({
      id: 'overload',
      point: 'http.server',
      kind: 'error',
    });
    expect(await (await admin('GET')).json()).toMatchObject({ items: [{ id: 'overload' }] });
    expect((await admin('DELETE', '/overload')).status).toBe(204);
    expect((await admin('DELETE', '/overload')).status).toBe(404);
  });

  it('answers an invalid rule with 400 naming the field', async () => {
    const res = await admin('POST', '', {
      point: 'http.server',
      kind: 'latency',
      params: { ms: -1 },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ invalid_params: [{ name: 'params.ms' }] });
    expect(faults.list()).toEqual([]);
  });

  it('fails shop requests with a realistic 503 while health and metrics stay up, until cleared', async () => {
    await admin('POST', '', rule);
    const res = await fetch(`${app.url}/products`);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({
      code: 'upstream_overloaded',
      detail: 'The service is temporarily unavailable.',
    });
    expect(body).not.toMatch(/inject|fault(?!line)/i);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    expect(await (await admin('DELETE')).json()).toEqual({ cleared: 1 });
    expect((await fetch(`${app.url}/products`)).status).toBe(200);
  });

  it('slows shop requests down by the rule latency', async () => {
    await admin('POST', '', { point: 'http.server', kind: 'latency', params: { ms: 300 } });
    const started = Date.now();
    expect((await fetch(`${app.url}/products`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('resets the connection of a shop request', async () => {
    await admin('POST', '', { point: 'http.server', kind: 'connection_reset' });
    await expect(fetch(`${app.url}/products`)).rejects.toThrow();
  });
});
