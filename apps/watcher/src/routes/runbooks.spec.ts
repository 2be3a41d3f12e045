import { listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { createApp } from '../app';
import { loadRunbookLibrary } from '../runbooks/runbook-library';
import type { RunbookLibrary } from '../runbooks/runbook-library';
import { inMemoryWatcher } from '../test/in-memory';

/** The watcher's app over HTTP, with the runbooks given (the repository's by default). */
async function startWatcher(runbooks: RunbookLibrary = loadRunbookLibrary(undefined)) {
  const w = inMemoryWatcher();
  const watcher = {
    synthetic: w.synthetic,
    notifications: w.notifications,
    clock: w.clock.now,
    close: () => undefined,
  };
  return listenForTest(
    createApp({ logger: w.synthetic.logger, metrics: w.metrics, watcher, runbooks }),
  );
}

describe('the runbook pages, GET /runbooks/<alert>', () => {
  let app: ListeningApp;
  beforeAll(async () => {
    app = await startWatcher();
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('answers an alert’s runbook as a readable HTML page that runs no script', async () => {
    const { status, headers, text } = await get('/runbooks/PaymentSuccessRatioLow');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(text).toContain('<title>PaymentSuccessRatioLow · Faultline runbooks</title>');
    expect(text).toContain('<h1 id="paymentsuccessratiolow">PaymentSuccessRatioLow</h1>');
    expect(text).toContain('<h2 id="first-three-queries">First three queries</h2>');
    expect(text).toContain('<a href="/runbooks/">All runbooks</a>');
    expect(text).not.toContain('<script');
  });

  it('answers the index at /runbooks and /runbooks/, linking every runbook where it is served', async () => {
    const index = await get('/runbooks');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<a href="/runbooks/Watchdog">Watchdog</a>');
    expect((await get('/runbooks/')).text).toBe(index.text);
  });

  it('serves every page the index and the runbooks link to', async () => {
    const pages = [
      '/runbooks',
      ...[...loadRunbookLibrary(undefined).pages.keys()].map((n) => `/runbooks/${n}`),
    ];
    const linked = new Set<string>();
    for (const page of pages) {
      for (const match of (await get(page)).text.matchAll(/href="(\/runbooks\/[^"#]*)/g)) {
        linked.add(match[1]!);
      }
    }
    expect(linked.size).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const path of linked) if ((await get(path)).status !== 200) broken.push(path);
    expect(broken).toEqual([]);
  });

  it('redirects a Markdown file name to its page', async () => {
    const { status, headers } = await get('/runbooks/Watchdog.md');
    expect(status).toBe(301);
    expect(headers.get('location')).toBe('/runbooks/Watchdog');
  });

  it.each([
    ['an unknown alert', '/runbooks/NoSuchAlert'],
    ['a name in the wrong case', '/runbooks/watchdog'],
    ['an encoded path out of the folder', '/runbooks/..%2F..%2Fetc%2Fpasswd'],
    ['an encoded path to a file of the repository', '/runbooks/..%2F..%2Fpackage.json'],
    ['the index by its file name', '/runbooks/README'],
  ])('answers %s with 404 problem+json', async (_what, path) => {
    const { status, headers, text } = await get(path);
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status: 404, code: 'runbook_not_found' });
    expect(text).not.toContain('root:');
  });

  it('answers a path that climbs out of /runbooks with a 404 problem, never a file', async () => {
    const { status, headers, text } = await get('/runbooks/%2e%2e/%2e%2e/etc/passwd');
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(text).not.toContain('root:');
  });

  it('answers 404 problem+json for every runbook when none were found at start', async () => {
    const none = await startWatcher({
      dir: '/nowhere',
      pages: new Map(),
      index: undefined,
      missing: 'No runbooks in /nowhere.',
    });
    try {
      const res = await fetch(`${none.url}/runbooks/Watchdog`);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { detail: string };
      expect(body.detail).toContain('found no runbooks at start');
      expect(body.detail).not.toContain('/nowhere');
      expect((await fetch(`${none.url}/runbooks`)).status).toBe(404);
    } finally {
      await none.close();
    }
  });
});
