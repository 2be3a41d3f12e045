import type { Request } from 'express';

/**
 * The matched route template (e.g. `/orders/:id`), never the raw path, so metric labels stay
 * bounded. Requests that matched no route share the label `unmatched`.
 */
export function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}
