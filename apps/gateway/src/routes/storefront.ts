import { join, sep } from 'node:path';
import { AppError } from '@faultline/instrumented';
import express, { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import type { StorefrontDir } from '../storefront-dir';

/** Paths that are never pages: the APIs, telemetry, and the operated endpoints. */
const NOT_PAGES = /^\/(api|otlp|health|metrics|admin|control\/api)(\/|$)/;

/** Vite's content-hashed output: a changed file gets a new name, so it may be kept for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files: kept, but asked about again each time (ETag, Last-Modified). */
const REVALIDATE = 'no-cache';

/** A client-side route (/products/prd_01, /cart) has no file extension; a missing file has one. */
const isPage = (path: string): boolean => !/\.[^/]*$/.test(path);

/**
 * The storefront's build: files under /assets/ (hashed, immutable) and at the top (no-cache),
 * and index.html for every other GET that is not an API, telemetry, health, metrics or admin,
 * so the client-side routes load the app. Without a build, pages are a 503 saying how to build it.
 */
export function storefrontRoutes(storefront: StorefrontDir): Router {
  const router = Router();
  router.use((req, _res, next) => {
    next(NOT_PAGES.test(req.path) ? 'router' : undefined);
  });
  if (!storefront.found) {
    router.get('/{*path}', () => {
      throw new AppError('storefront_unavailable', 503, storefront.reason);
    });
    return router;
  }
  const assets = join(storefront.dir, 'assets') + sep;
  const files: RequestHandler = express.static(storefront.dir, {
    index: false,
    redirect: false,
    cacheControl: false,
    setHeaders: (res: Response, path: string) => {
      res.setHeader('Cache-Control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
  const index = join(storefront.dir, 'index.html');
  // A missing asset is a 404, never the app's HTML in place of a script.
  router.get('/assets/{*file}', files, (_req, _res, next) => {
    next('router');
  });
  router.get('/{*path}', files, (req, res, next) => {
    if (!isPage(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(index, { cacheControl: false }, (error?: Error) => {
      if (error) next(error);
    });
  });
  return router;
}
