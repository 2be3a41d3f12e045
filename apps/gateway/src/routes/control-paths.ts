import { AppError } from '@faultline/instrumented';
import type { Request } from 'express';

/** The control room's API, below the page (/control) that uses it. */
export const CONTROL_API = '/control/api';

/**
 * Path segments passed on below a prefix, each encoded again: '' for none, undefined when one is
 * '.', '..' or empty, which would climb out of the prefix on the other side.
 */
export function encodedBelow(segments: readonly string[] | undefined): string | undefined {
  if (segments === undefined) return '';
  if (segments.some((segment) => segment === '.' || segment === '..' || segment === '')) {
    return undefined;
  }
  return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

export const notFound = (req: Request): AppError =>
  new AppError('route_not_found', 404, `No route for ${req.method} ${req.path}.`);

/** The bearer token the guard let through. */
export const tokenOf = (req: Request): string =>
  /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
