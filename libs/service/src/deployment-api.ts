import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_REALM, adminTokenRefusal } from '@faultline/faults/admin-token';
import type { CanarySlot } from './canary-slot';
import { discoveryDrain } from './discovery-drain';

/** A release name as payment's SERVICE_VERSION takes it. */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

/** A deployment request is a few bytes; anything longer is not one. */
const MAX_BODY_BYTES = 4096;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function problem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...extensions }));
}

/** The admin token's check, as the services' /admin routes answer it: 401 without, 403 wrong. */
function authorized(req: IncomingMessage, res: ServerResponse, adminToken: string): boolean {
  const refusal = adminTokenRefusal(req.headers.authorization, adminToken);
  if (!refusal) return true;
  if (refusal.status === 401) res.setHeader('WWW-Authenticate', ADMIN_REALM);
  problem(res, refusal.status, refusal.code, refusal.detail);
  return false;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/**
 * The deployment API of a canary slot: npm start's supervisor serves it beside its /metrics,
 * compose's payment-canary service on its own (what `faultline deploy` and `rollback` call; order
 * routes the traffic, see order's /admin/deployments):
 * GET    /deployments           { items: [the canary running, if any] }
 * PUT    /deployments/payment   { version }: starts payment `version` as the canary (admin token);
 *                               200 with its URL and pid once ready, 502 when it did not start
 * DELETE /deployments/payment   stops the canary (admin token) once it left the targets and the
 *                               Prometheus asking them has dropped it (up to 17 s, see
 *                               discovery-drain); 404 when none runs
 * GET    /deployments/targets   Prometheus HTTP service discovery: the canary to scrape in job
 *                               payment, labelled track="canary" (an empty list when none runs)
 * Answers whether it handled the request (false: not one of these paths).
 */
export function deploymentApi(
  slot: CanarySlot,
  adminToken: string,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const discovery = discoveryDrain();
  const handle = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/deployments/targets' && req.method === 'GET') {
      const canary = slot.current();
      send(
        res,
        200,
        canary ? [{ targets: [new URL(canary.url).host], labels: { track: 'canary' } }] : [],
      );
      discovery.polled();
      return;
    }
    if (path === '/deployments' && req.method === 'GET') {
      const canary = slot.current();
      send(res, 200, { items: canary ? [canary] : [] });
      return;
    }
    if (path !== '/deployments/payment') {
      problem(res, 404, 'route_not_found', `No route for ${req.method ?? ''} ${path}.`);
      return;
    }
    if (req.method !== 'PUT' && req.method !== 'DELETE') {
      res.setHeader('Allow', 'PUT, DELETE');
      problem(res, 405, 'method_not_allowed', `${path} takes PUT or DELETE.`);
      return;
    }
    if (!authorized(req, res, adminToken)) return;
    if (req.method === 'DELETE') {
      const stopped = await slot.rollback({ unlistFirst: () => discovery.drained() });
      if (!stopped) problem(res, 404, 'no_canary', 'payment has no canary running.');
      else send(res, 200, { rolledBack: stopped });
      return;
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      problem(res, 400, 'invalid_body', 'The body must be JSON: { "version": "<release>" }.');
      return;
    }
    const version = (body as { version?: unknown } | null)?.version;
    if (typeof version !== 'string' || !VERSION.test(version)) {
      problem(res, 400, 'validation_failed', 'version: must be a release name', {
        errors: [{ field: 'version', message: 'must be a release name such as 0.2.0' }],
      });
      return;
    }
    try {
      send(res, 200, await slot.deploy(version));
    } catch (error) {
      problem(
        res,
        502,
        'canary_failed',
        `payment ${version} did not start: ${error instanceof Error ? error.message : String(error)}`,
        { version },
      );
    }
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/deployments' && !path.startsWith('/deployments/')) return false;
    handle(req, res, path).catch((error: unknown) => {
      if (!res.headersSent) {
        problem(res, 500, 'internal_error', error instanceof Error ? error.message : 'failed');
      }
    });
    return true;
  };
}
