import { startGateway } from './test/gateway-harness';
import type { GatewayHarness } from './test/gateway-harness';

const exportBody = JSON.stringify({ resourceSpans: [] });

describe('per-client rate limits', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({
      settings: {
        RATE_LIMIT_PER_SECOND: 0.2,
        RATE_LIMIT_BURST: 3,
        TELEMETRY_RATE_LIMIT_PER_SECOND: 0.2,
        TELEMETRY_RATE_LIMIT_BURST: 2,
      },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  const statuses = async (count: number, send: () => Promise<Response>): Promise<Response[]> => {
    const answers: Response[] = [];
    for (let i = 0; i < count; i++) answers.push(await send());
    return answers;
  };

  it('answers 429 problem+json with Retry-After in whole seconds above the burst, and the service never hears of it', async () => {
    const answers = await statuses(5, () => fetch(`${gw.url}/api/v1/products`));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[3]!;
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // 0.2 tokens a second: the next one is about 5 s away.
    expect(refused.headers.get('retry-after')).toMatch(/^[1-5]$/);
    expect(await refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(gw.catalog.received).toHaveLength(3);
    // Pages come out of the same bucket.
    expect((await fetch(`${gw.url}/cart`)).status).toBe(429);
    const exposition = await gw.metrics.registry.metrics();
    expect(exposition).toMatch(/^gateway_rate_limited_total\{route="api"\} 2$/m);
    expect(exposition).toMatch(/^gateway_rate_limited_total\{route="storefront"\} 1$/m);
  });

  it('keeps the browser telemetry in a bucket of its own, limited apart', async () => {
    const send = () =>
      fetch(`${gw.url}/otlp/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exportBody,
      });
    // The shop's bucket is empty after the test above; telemetry still goes through.
    const answers = await statuses(3, send);
    expect(answers.map((res) => res.status)).toEqual([200, 200, 429]);
    expect(answers[2]!.headers.get('retry-after')).toMatch(/^[1-5]$/);
    expect(gw.collector.received).toHaveLength(2);
    expect(await gw.metrics.registry.metrics()).toMatch(
      /^gateway_rate_limited_total\{route="otlp"\} 1$/m,
    );
  });

  it('leaves health and metrics out of the limits (they are polled, not used)', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${gw.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(200);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a client cannot pose as a fresh one', async () => {
    const res = await fetch(`${gw.url}/api/v1/products`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res.status).toBe(429);
  });
});

describe('rate limits behind a trusted proxy (TRUST_PROXY=true)', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({
      settings: { RATE_LIMIT_PER_SECOND: 0.2, RATE_LIMIT_BURST: 2, TRUST_PROXY: true },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  const as = (client: string) =>
    fetch(`${gw.url}/api/v1/products`, { headers: { 'x-forwarded-for': client } });

  it('gives each client the proxy names a bucket of its own', async () => {
    expect([(await as('203.0.113.1')).status, (await as('203.0.113.1')).status]).toEqual([
      200, 200,
    ]);
    expect((await as('203.0.113.1')).status).toBe(429);
    expect((await as('203.0.113.2')).status).toBe(200);
    // Only the address the proxy appended counts, not what the client wrote before it.
    expect((await as('198.51.100.7, 203.0.113.1')).status).toBe(429);
  });
});
