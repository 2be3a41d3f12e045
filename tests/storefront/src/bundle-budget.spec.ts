import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * "Fast on a laptop", kept: what the first page load downloads stays within a budget a slow
 * connection fetches in about a second, and nothing in index.html needs a CSP exception.
 */
/** Read as files, like the gateway serves them: an app's build is never imported. */
const DIST = join(__dirname, '..', '..', '..', 'apps', 'storefront', 'dist');
/** Compressed JavaScript and CSS of the first load, in kB: React, the OTel web SDK, the shop. */
const BUDGET_KB = 160;

describe('the storefront build', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');

  it(`loads at most ${BUDGET_KB} kB of compressed script and style on the first page`, () => {
    expect(assets.length).toBeGreaterThanOrEqual(2);
    const kb =
      assets
        .map((path) => gzipSync(readFileSync(join(DIST, path))).length)
        .reduce((sum, size) => sum + size, 0) / 1024;
    expect(kb).toBeLessThanOrEqual(BUDGET_KB);
  });

  it("has no inline script or style, so the gateway's CSP (script-src/style-src 'self') holds", () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle="/);
  });

  it('fingerprints every asset, so the gateway can cache them for good', () => {
    const files = readdirSync(join(DIST, 'assets')).filter((f) => !f.endsWith('.map'));
    for (const file of files) expect(file).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/);
  });
});
