import { requireAdminToken } from '@faultline/faults';
import { AppError, httpUrlField, parseOrThrow } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import type { PaymentRollout } from '../domain/payment-rollout';
import type { ReadinessProbe } from '../domain/ports';

const canaryBody = z.object({
  version: z
    .string({ error: 'must be a release name' })
    .regex(
      /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/,
      'must be a release name: letters, digits, ".", "_" or "-", at most 64',
    ),
  url: httpUrlField(),
  weightPercent: z
    .number({ error: 'must be a percent from 0 to 100' })
    .int('must be a whole percent')
    .min(0, 'must be a percent from 0 to 100')
    .max(100, 'must be a percent from 0 to 100'),
  /** The run that shipped it (`<scenario>.<n>`), so `faultline guess` can tell which is running. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ . -')
    .optional(),
});

/**
 * Payment's deployments as order routes them, behind the admin token (401/403 change nothing):
 * GET    /admin/deployments           [{ service, stable: {weightPercent}, canary | null }]
 * PUT    /admin/deployments/payment   { version, url, weightPercent, id? }: the canary at `url` takes
 *                                     that share of charges (502 canary_not_ready when it does
 *                                     not answer /health/ready; nothing changes)
 * DELETE /admin/deployments/payment   every charge to the stable release again; 404 no_canary
 */
export function deploymentRoutes(
  adminToken: string | undefined,
  kit: RouteKit,
  rollout: PaymentRollout,
  probe: ReadinessProbe,
): Router {
  const router = Router();
  router.use('/admin/deployments', requireAdminToken(adminToken));
  router.get('/admin/deployments', (_req, res) => {
    res.json({ items: [rollout.state()] });
  });
  router.put('/admin/deployments/payment', kit.json, async (req, res) => {
    const { version, url, weightPercent, id } = parseOrThrow(canaryBody, req.body, 'body');
    const readiness = await probe(url);
    if (!readiness.ready) {
      throw new AppError(
        'canary_not_ready',
        502,
        `payment ${version} at ${url} is not ready (${readiness.why}): no traffic was moved.`,
        { extensions: { version, url } },
      );
    }
    res.json(
      rollout.deploy({ version, baseUrl: url, weightPercent, ...(id !== undefined && { id }) }),
    );
  });
  router.delete('/admin/deployments/payment', (_req, res) => {
    const rolledBack = rollout.rollback();
    if (!rolledBack) {
      throw new AppError('no_canary', 404, 'payment has no canary to roll back.');
    }
    res.json({ rolledBack, state: rollout.state() });
  });
  return router;
}
