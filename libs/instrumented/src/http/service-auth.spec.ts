import { createLogger } from '../logging';
import { captureLogs, freshMetrics, listenForTest } from '../testing';
import type { ListeningApp, LogCapture } from '../testing';
import { createServiceApp } from './create-service-app';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { requireServiceToken, SERVICE_TOKEN_HEADER } from './service-auth';

const TOKEN = 'the-service-token-of-this-test';
const ADMIN_TOKEN = 'admin-token-of-this-test';

describe('requireServiceToken', () => {
  let app: ListeningApp;
  let logs: LogCapture;
  let stock = 10;

  beforeAll(async () => {
    logs = captureLogs();
    const logger = createLogger({ service: 'test', destination: logs.destination, level: 'debug' });
    app = await listenForTest(
      createServiceApp(
        {
          logger,
          metrics: freshMetrics(),
          // Stands in for the fault admin API, which brings its own bearer token.
          beforeRoutes: [
            (a) => {
              a.get('/admin/faults', (req, res) => {
                res.status(req.get('authorization') === `Bearer ${ADMIN_TOKEN}` ? 200 : 401).end();
              });
            },
          ],
        },
        (a, { json }) => {
          a.use(requireServiceToken(TOKEN));
          a.put('/stock/:sku', json, (req, res) => {
            stock = (req.body as { available: number }).available;
            res.json({ available: stock });
          });
          a.get('/stock/:sku', (_req, res) => {
            res.json({ available: stock });
          });
        },
      ),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const put = (headers: Record<string, string>) =>
    fetch(`${app.url}/stock/FL-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ available: 0 }),
    });

  it('refuses a call without the token with 401 problem+json, and changes nothing', async () => {
    const missing: Record<string, string>[] = [{}, { [SERVICE_TOKEN_HEADER]: '' }];
    for (const headers of missing) {
      const res = await put(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(res.headers.get('www-authenticate')).toMatch(/^ServiceToken realm=/);
      expect(await res.json()).toMatchObject({
        status: 401,
        code: 'service_token_missing',
        detail: expect.stringContaining('X-Service-Token'),
      });
    }
    expect(stock).toBe(10);
  });

  it('refuses a wrong token with 403 problem+json, whatever its length, and changes nothing', async () => {
    for (const wrong of ['guess', `${TOKEN}x`, TOKEN.toUpperCase(), 'x'.repeat(TOKEN.length)]) {
      const res = await put({ [SERVICE_TOKEN_HEADER]: wrong });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(await res.json()).toMatchObject({ status: 403, code: 'service_token_invalid' });
    }
    // A bearer token is the admin API's, not a service token.
    expect((await put({ authorization: `Bearer ${TOKEN}` })).status).toBe(401);
    expect(stock).toBe(10);
  });

  it('lets a call with the token through', async () => {
    const res = await put({ [SERVICE_TOKEN_HEADER]: TOKEN });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ available: 0 });
    const read = await fetch(`${app.url}/stock/FL-1`, { headers: { 'X-Service-Token': TOKEN } });
    expect(await read.json()).toEqual({ available: 0 });
    stock = 10;
  });

  it('leaves health, metrics and what is mounted before the routes (the admin API, its own token) open', async () => {
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    const admin = await fetch(`${app.url}/admin/faults`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(200);
  });

  it('never writes the token, right or wrong, to the logs', async () => {
    await put({ [SERVICE_TOKEN_HEADER]: TOKEN });
    await put({ [SERVICE_TOKEN_HEADER]: 'a-wrong-token-to-look-for' });
    expect(logs.lines().length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain('a-wrong-token-to-look-for');
  });

  it('refuses to guard with an empty token (a misconfiguration would let everyone in)', () => {
    expect(() => requireServiceToken('')).toThrow(/empty/);
  });
});
