import { controlResetRequestSchema } from '@faultline/contracts';
import { parseOrThrow } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import type { StackReset } from '../domain/ports';
import { jsonOrEmpty } from '../guards/json-only';
import { CONTROL_API, tokenOf } from './control-paths';

/**
 * POST /control/api/reset   `faultline reset` for this stack, behind the control room's token guard
 *                           (mounted by controlRoutes): every fault cleared, the four services'
 *                           data back to the seed, and the shop's series deleted when the gateway
 *                           knows its Prometheus ({"deleteSeries": false} keeps them). 200 with
 *                           every step, `ok` false when one failed (the others still ran); 400
 *                           naming the field of a bad body.
 */
export function resetRoutes(reset: StackReset, kit: RouteKit): Router {
  const router = Router();
  router.post(`${CONTROL_API}/reset`, jsonOrEmpty, kit.json, async (req, res) => {
    const asked = parseOrThrow(controlResetRequestSchema, req.body ?? {}, 'body');
    const steps = await reset.run(tokenOf(req), { deleteSeries: asked.deleteSeries ?? true });
    res.json({ ok: steps.every((step) => step.ok), steps });
  });
  return router;
}
