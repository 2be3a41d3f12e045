import { AppError } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { OtherStacks, PassedAnswer } from '../domain/ports';
import { jsonOrEmpty } from '../guards/json-only';
import { CONTROL_API, encodedBelow, notFound } from './control-paths';
import { sendPassedAnswer } from './passed-answer';

/**
 * How long another stack may take to answer: a little under the panel's own 5 s for a call (that
 * stack's gateway waits 4 s for its services), and a reset's worst case for a reset (30 s per
 * service's data, a minute for each of Prometheus's two admin calls).
 */
const STACK_TIMEOUT_MS = 4500;
const STACK_RESET_TIMEOUT_MS = 300_000;

/**
 * The room's other stacks, behind the control room's token guard (mounted by controlRoutes):
 * GET /control/api/stacks            the stacks this gateway reaches (CONTROL_STACKS)
 * ALL /control/api/stacks/:stack/…   that stack's /control/api/…, with the caller's token and
 *                                    JSON body; its answer as it gave it, a 503 naming it when it
 *                                    gives none. One hop only: a stack's own stacks are refused.
 */
export function stackRoutes(stacks: OtherStacks, kit: RouteKit): Router {
  const router = Router();
  router.get(`${CONTROL_API}/stacks`, (_req, res) => {
    res.json({ items: stacks.list.map(({ name, url }) => ({ name, url })) });
  });
  router.all(`${CONTROL_API}/stacks/:stack{/*rest}`, jsonOrEmpty, kit.json, async (req, res) => {
    const params = req.params as Record<string, string | string[] | undefined>;
    const asked = String(params['stack']);
    const stack = stacks.list.find(({ name }) => name === asked);
    if (stack === undefined) throw stackNotFound(asked, stacks);
    const rest = params['rest'];
    const segments = typeof rest === 'string' ? [rest] : rest;
    if (segments?.[0] === 'stacks') {
      throw AppError.validation([
        {
          name: 'path',
          reason: `${stack.name}'s own stacks are not reached through it: one hop only`,
        },
      ]);
    }
    const path = encodedBelow(segments);
    if (path === undefined || path === '') throw notFound(req);
    const authorization = req.get('authorization');
    const answer = await stacks.forward(stack, {
      method: req.method,
      path,
      ...(req.body !== undefined && { body: req.body as unknown }),
      ...(authorization !== undefined && { authorization }),
      timeoutMs: path === '/reset' ? STACK_RESET_TIMEOUT_MS : STACK_TIMEOUT_MS,
    });
    passBack(req, res, answer);
  });
  return router;
}

/** The other stack's answer as it gave it; one with no body (a 204) as a status alone. */
function passBack(req: Request, res: Response, answer: PassedAnswer): void {
  if (answer.body === undefined) {
    res.status(answer.status).end();
    return;
  }
  sendPassedAnswer(req, res, answer);
}

const stackNotFound = (asked: string, stacks: OtherStacks): AppError =>
  new AppError(
    'stack_not_found',
    404,
    stacks.list.length === 0
      ? `No stack ${asked}: this control room reaches no other stack (CONTROL_STACKS is empty).`
      : `No stack ${asked}: this control room reaches ${stacks.list.map(({ name }) => name).join(', ')}.`,
    { extensions: { stack: asked } },
  );
