import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateStorefront } from '../storefront-dir';
import { startGateway } from '../test/gateway-harness';
import type { GatewayHarness } from '../test/gateway-harness';

describe('the storefront, served from its build', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${gw.url}${path}`, init);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('serves index.html at / with no-cache', async () => {
    const { status, headers, text } = await get('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('cache-control')).toBe('no-cache');
    expect(text).toContain('<title>Faultline shop</title>');
  });

  it('serves hashed assets as immutable, and other files to be revalidated', async () => {
    const script = await get('/assets/index-B7x2kQ9a.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.text).toBe('console.log("shop");');
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    expect(icon.headers.get('etag')).toBeTruthy();
  });

  it.each([
    '/products/prd_01',
    '/cart',
    '/checkout',
    `/orders/3b241101-e2bb-5255-8caf-4136c566a962`,
  ])('answers the client-side route %s with index.html', async (path) => {
    const { status, headers, text } = await get(path);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-cache');
    expect(text).toContain('<div id="root">');
  });

  it('answers a missing file with 404, never with the app’s HTML', async () => {
    for (const path of ['/assets/index-missing.js', '/assets/chunk', '/logo.png', '/.env']) {
      const { status, headers } = await get(path);
      expect({ path, status }).toEqual({ path, status: 404 });
      expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('never answers the API, telemetry or operated paths with the page', async () => {
    for (const path of [
      '/api/v1/nothing',
      '/api',
      '/otlp/v1/traces',
      '/health/other',
      '/admin/other',
    ]) {
      const { status, text } = await get(path);
      expect(status).toBeGreaterThanOrEqual(400);
      expect({ path, html: text.includes('<div id="root">') }).toEqual({ path, html: false });
    }
  });

  it('serves no file outside its folder', async () => {
    for (const path of [
      '/..%2Fpackage.json',
      '/assets/..%2F..%2Findex.html',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const { status, text } = await get(path);
      expect(text).not.toMatch(/"name"|root:/);
      expect(
        status === 404 || status === 403 || status === 400 || text.includes('<div id="root">'),
      ).toBe(true);
    }
  });

  it('answers POST to a page path with 404, not the page', async () => {
    expect((await get('/cart', { method: 'POST' })).status).toBe(404);
  });
});

describe('the storefront when it is not built', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway({ storefront: 'missing' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers pages with 503 problem+json saying so, and the API still works', async () => {
    const page = await fetch(`${gw.url}/`);
    expect(page.status).toBe(503);
    expect(await page.json()).toMatchObject({ code: 'storefront_unavailable' });
    expect((await fetch(`${gw.url}/api/v1/products`)).status).toBe(200);
  });
});

describe('locateStorefront', () => {
  it('stops start-up when a STOREFRONT_DIR given has no index.html, naming it and how to build it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'gateway-empty-'));
    try {
      expect(() => locateStorefront(empty)).toThrow(
        new RegExp(`STOREFRONT_DIR ${empty} has no index.html: build it with .*storefront:build`),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports the default build missing (not a failure), with the folder it looked in', () => {
    const found = locateStorefront(undefined);
    expect(found.dir).toMatch(/storefront[/\\]dist$/);
    if (!found.found) expect(found.reason).toMatch(/not built/);
  });
});
