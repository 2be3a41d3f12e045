import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Where the storefront's build is, and whether it is there to serve. */
export type StorefrontDir =
  { found: true; dir: string } | { found: false; dir: string; reason: string };

// Found at run time, as files to serve, not as code: an app never imports another app.
const STOREFRONT_PACKAGE = '@faultline/storefront';

/** apps/storefront/dist: through the installed workspace package, else beside this app. */
function defaultDir(): string {
  try {
    return join(dirname(require.resolve(`${STOREFRONT_PACKAGE}/package.json`)), 'dist');
  } catch {
    // From apps/gateway/dist (or src, under ts-jest) to apps/storefront/dist.
    return resolve(__dirname, '..', '..', 'storefront', 'dist');
  }
}

const BUILD_HINT = 'build it with `npx nx run @faultline/storefront:build`';

/**
 * The storefront to serve. A STOREFRONT_DIR given without an index.html stops start-up (it was
 * asked for); the default one missing only means a gateway without pages, said in a warning and
 * in a 503 on every page, so the API and `npm start` work before the storefront is ever built.
 */
export function locateStorefront(configured: string | undefined): StorefrontDir {
  const dir = resolve(configured ?? defaultDir());
  if (existsSync(join(dir, 'index.html'))) return { found: true, dir };
  if (configured !== undefined) {
    throw new Error(`STOREFRONT_DIR ${dir} has no index.html: ${BUILD_HINT}, or point it at one`);
  }
  return { found: false, dir, reason: `The storefront is not built (${dir}): ${BUILD_HINT}.` };
}
