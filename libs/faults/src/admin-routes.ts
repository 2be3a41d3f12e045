import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, parseOrThrow } from '@faultline/instrumented';
import { ADMIN_REALM, adminTokenRefusal } from './admin-token';
import type { Faults } from './faults';

/**
 * The admin API's bearer-token guard (FAULT_ADMIN_TOKEN): 401 without a token, 403 with a wrong
 * one, or with any when no token is set; nothing changes either way. Every /admin route uses it.
 */
export function requireAdminToken(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    const refusal = adminTokenRefusal(req.get('authorization'), token);
    if (refusal?.status === 401) res.setHeader('WWW-Authenticate', ADMIN_REALM);
    next(refusal && new AppError(refusal.code, refusal.status, refusal.detail));
  };
}

const seedBody = z.object({
  seed: z.number().int('must be a whole number').min(0, 'must not be negative'),
});

/**
 * /admin/faults — GET lists, POST applies one rule, DELETE clears all, DELETE /:id removes one,
 * POST /seed reseeds the dice. Guarded by FAULT_ADMIN_TOKEN.
 */
export function faultAdminRoutes(
  faults: Faults,
  token: string | undefined,
  json: RequestHandler,
): Router {
  const router = Router();
  router.use('/admin/faults', requireAdminToken(token));
  router.get('/admin/faults', (_req, res) => {
    res.json({ items: faults.list() });
  });
  router.post('/admin/faults', json, (req, res) => {
    res.status(201).json(faults.apply(req.body));
  });
  router.delete('/admin/faults', (_req, res) => {
    res.json({ cleared: faults.clear() });
  });
  router.post('/admin/faults/seed', json, (req, res) => {
    const { seed } = parseOrThrow(seedBody, req.body, 'body');
    faults.seed(seed);
    res.json({ seed });
  });
  router.delete('/admin/faults/:id', (req, res) => {
    if (!faults.remove(req.params.id))
      throw new AppError('fault_not_found', 404, `No active fault ${req.params.id}.`);
    res.status(204).end();
  });
  return router;
}

/**
 * POST /admin/reset   the service's data back to its seed (`reset`), behind the same admin token
 *                     as /admin/faults (401/403 change nothing): 200 { reset: <what reset answers> }
 */
export function adminResetRoutes(
  adminToken: string | undefined,
  reset: () => Promise<unknown>,
): Router {
  const router = Router();
  router.post('/admin/reset', requireAdminToken(adminToken), async (_req, res) => {
    res.json({ reset: await reset() });
  });
  return router;
}
