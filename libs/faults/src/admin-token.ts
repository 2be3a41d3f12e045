import { timingSafeEqual } from 'node:crypto';

/*
 * The admin token's check alone (node:crypto, nothing else), so that a process as small as
 * compose's payment canary slot can use it: @faultline/faults/admin-token.
 */

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a request's Authorization header does not carry the admin token; undefined when it does. */
export interface AdminTokenRefusal {
  status: 401 | 403;
  code: 'unauthorized' | 'forbidden';
  detail: string;
}

/**
 * The admin token's check, shared by every /admin route and npm start's supervisor: 401 without a
 * bearer token (answer with WWW-Authenticate), 403 with another one or when no token is set.
 */
export function adminTokenRefusal(
  authorization: string | undefined,
  token: string | undefined,
): AdminTokenRefusal | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    return {
      status: 401,
      code: 'unauthorized',
      detail: 'A bearer token (FAULT_ADMIN_TOKEN) is required.',
    };
  }
  if (token === undefined || token === '' || !sameToken(match[1], token)) {
    return { status: 403, code: 'forbidden', detail: 'The bearer token is not the admin token.' };
  }
  return undefined;
}

/** The realm a 401 of the admin token names (WWW-Authenticate). */
export const ADMIN_REALM = 'Bearer realm="faultline-admin"';
