import { FAULT_KINDS, faultAdminRoutes, requireAdminToken } from '@faultline/faults';
import type { FaultSetup } from '@faultline/faults';
import { AppError, parseOrThrow } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { SERVICES, mysteryOf } from '@faultline/scenarios';
import type { Scenario } from '@faultline/scenarios';
import { Router } from 'express';
import { z } from 'zod';
import { judgeGuess } from '../domain/judge-guess';
import type {
  ActiveFaults,
  AdminService,
  FaultAdminProxy,
  OtherStacks,
  StackReset,
} from '../domain/ports';
import { jsonOnly } from '../guards/json-only';
import type { ScenarioLibrary } from '../scenario-library';
import { CONTROL_API, encodedBelow, notFound, tokenOf } from './control-paths';
import { resetRoutes } from './control-reset';
import { stackRoutes } from './control-stacks';
import { sendPassedAnswer } from './passed-answer';

/** What the control room needs: the scenarios, and its ways to every process's faults. */
export interface ControlRoom {
  scenarios: ScenarioLibrary;
  /** The services' /admin/faults (the gateway's own engine is served in-process). */
  proxy: FaultAdminProxy;
  /** Every process's active rule ids, asked with the caller's admin token. */
  activeFaults(token: string): ActiveFaults;
  /** The room's other stacks (CONTROL_STACKS), reached through their gateways. */
  stacks: OtherStacks;
  /** This stack's soft reset, as `faultline reset` does it. */
  reset: StackReset;
}

const ADMIN_SERVICES = SERVICES.filter((service): service is AdminService => service !== 'gateway');

const guessBody = z.object({
  service: z.enum(SERVICES, { error: `must be one of ${SERVICES.join(', ')}` }),
  kind: z.enum(FAULT_KINDS, { error: `must be one of ${FAULT_KINDS.join(', ')}` }),
});

/** A scenario as the panel shows it: the story and the answer too (it is the host's). */
const scenarioView = (scenario: Scenario) => ({
  name: scenario.name,
  codename: scenario.codename,
  title: scenario.title,
  story: scenario.story.trim(),
  symptoms: scenario.symptoms.trim(),
  faults: scenario.faults,
  runsSeconds: mysteryOf(scenario).runsSeconds,
});

/**
 * The fault control room's API, all behind the admin token (FAULT_ADMIN_TOKEN: 401 without it,
 * 403 with another), same origin only (no CORS):
 * GET  /control/api/scenarios   the scenarios read at start, with their timelines (but those that
 *                               ship a release: they run from the CLI)
 * POST /control/api/guess       {service, kind} against the scenario running now: the verdict
 *                               (400 naming the field; 409 when none runs)
 * ALL  /control/api/processes/:process/admin/faults[/…]
 *                               catalog's, inventory's, order's or payment's /admin/faults, which
 *                               only the gateway reaches: their answer as they gave it; and the
 *                               gateway's own (`gateway`), so a whole stack's faults are below
 *                               /control/api, the one prefix another stack's gateway passes on
 * POST /control/api/reset       this stack back to the seed, every fault cleared (control-reset.ts)
 * GET  /control/api/stacks, ALL /control/api/stacks/:stack/…
 *                               the room's other stacks and their /control/api (control-stacks.ts)
 */
export function controlRoutes(
  control: ControlRoom,
  faults: FaultSetup | undefined,
  kit: RouteKit,
): Router {
  const router = Router();
  router.use(CONTROL_API, requireAdminToken(faults?.adminToken));
  router.get(`${CONTROL_API}/scenarios`, (_req, res) => {
    const { scenarios } = control;
    if (!scenarios.found) throw new AppError('scenarios_unavailable', 503, scenarios.reason);
    // A scenario that ships a release needs the supervisor that starts the canary, which the CLI
    // reaches and the panel does not: it runs from the CLI (`faultline run`), not from here.
    res.json({
      items: scenarios.scenarios
        .filter((scenario) => scenario.deployments.length === 0)
        .map(scenarioView),
    });
  });
  router.post(`${CONTROL_API}/guess`, jsonOnly, kit.json, async (req, res) => {
    const guess = parseOrThrow(guessBody, req.body, 'body');
    const scenarios = control.scenarios.found ? control.scenarios.scenarios : [];
    const verdict = await judgeGuess(scenarios, control.activeFaults(tokenOf(req)), guess);
    if (!verdict) {
      throw new AppError(
        'no_scenario_running',
        409,
        'No scenario is running: no process holds an active fault of one.',
      );
    }
    res.json(verdict);
  });
  if (faults) {
    // The gateway's own engine and admin routes as shipped, below the same prefix as the others.
    router.use(
      `${CONTROL_API}/processes/gateway`,
      jsonOnly,
      faultAdminRoutes(faults.engine, faults.adminToken, kit.json),
    );
  }
  router.all(
    `${CONTROL_API}/processes/:service/admin/faults{/*rest}`,
    jsonOnly,
    kit.json,
    async (req, res) => {
      const params = req.params as Record<string, string | string[] | undefined>;
      const asked = String(params['service']);
      if (asked === 'gateway' && faults) throw notFound(req);
      const service = ADMIN_SERVICES.find((name) => name === asked);
      if (service === undefined) {
        const reached = [...ADMIN_SERVICES, ...(faults ? ['gateway'] : [])];
        throw new AppError(
          'service_not_found',
          404,
          `No process ${asked}: the control room reaches ${reached.join(', ')}.`,
          { extensions: { service: asked } },
        );
      }
      const rest = params['rest'];
      const path = encodedBelow(typeof rest === 'string' ? [rest] : rest);
      if (path === undefined) throw notFound(req);
      const authorization = req.get('authorization');
      const answer = await control.proxy.forward(service, {
        method: req.method,
        path,
        ...(req.body !== undefined && { body: req.body as unknown }),
        ...(authorization !== undefined && { authorization }),
      });
      if (answer.body === undefined) {
        res.status(answer.status).end();
        return;
      }
      sendPassedAnswer(req, res, answer);
    },
  );
  router.use(resetRoutes(control.reset, kit));
  router.use(stackRoutes(control.stacks, kit));
  // Never the storefront's index.html in place of an answer of this API.
  router.all(`${CONTROL_API}{/*rest}`, (req) => {
    throw notFound(req);
  });
  return router;
}
