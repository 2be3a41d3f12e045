import type { Pool } from './pool';

/**
 * SQLSTATEs that mean "the database cannot serve you right now", not "your SQL is wrong": the
 * connection exception class (08), the server shutting down or starting (57P01–57P03), too many
 * connections (53300), and a statement cancelled by statement_timeout (57014, a database too slow
 * to answer in time).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300|57014)$/;

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg says, without a code, when the connection is gone or never came (pg 8 / pg-pool 3):
 * a socket closed under a query, a client that already broke, a pool wait that timed out, a pool
 * already ended during shutdown.
 */
const LOST_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Cannot use a pool after calling end on the pool',
  'Client was closed and is not queryable',
];

/**
 * True when an error from pg means the database is unavailable (a retry later may well succeed),
 * false for errors a retry would repeat (syntax, constraints, bad input). Services answer the first
 * kind with 503 and Retry-After.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Read structurally: socket errors come from Node's own realm, where `instanceof Error` of a
  // sandbox (jest's, a vm's) says no.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.test(code) || NETWORK_CODES.has(code))) {
    return true;
  }
  // A connect that tried several addresses fails with an AggregateError of each attempt.
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  return (
    typeof message === 'string' && LOST_CONNECTION_MESSAGES.some((lost) => message.includes(lost))
  );
}

/**
 * How a service's HTTP app learns about its database: /health/ready runs `SELECT 1`, and an error
 * that means the database is unavailable is answered 503 with Retry-After (spread into the
 * instrumented library's createServiceApp options).
 */
export function databaseHealth(pool: Pick<Pool, 'query'>) {
  return {
    readiness: { postgres: () => pool.query('SELECT 1') },
    unavailableWhen: { postgres: isDatabaseUnavailable },
  };
}
