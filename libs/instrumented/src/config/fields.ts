import { z } from 'zod';
import { localOnlyDefault } from './local-defaults';

/** A TCP port number given as a string, e.g. PORT=3001; 0 asks the OS for a free one (tests). */
export const portField = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a whole port number')
    .min(0, 'expected a port between 0 and 65535')
    .max(65535, 'expected a port between 0 and 65535')
    .default(fallback);

/** An absolute http(s) URL, e.g. CATALOG_URL=http://localhost:3001. */
export const httpUrlField = (fallback?: string) => {
  const url = z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, 'expected an http:// or https:// URL')
    .transform((value) => value.replace(/\/+$/, ''));
  return fallback === undefined ? url : url.default(fallback);
};

/** A postgres:// connection string. */
export const postgresUrlField = (fallback: string) =>
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string')
    .default(fallback);

/** A duration in milliseconds, e.g. PAYMENT_TIMEOUT_MS=2000. */
export const millisecondsField = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(0, 'expected zero or more milliseconds')
    .default(fallback);

/** The interface to listen on: loopback unless told otherwise (the image sets HOST=0.0.0.0). */
export const hostField = () =>
  z
    .string()
    .min(1, 'expected an interface address such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1');

/**
 * The bearer token of /admin/faults. The published default is for local and workshop runs only
 * (see LOCAL_ENVIRONMENTS); compose sets its own.
 */
export const faultAdminTokenField = () =>
  localOnlyDefault(z.string().min(8, 'expected at least 8 characters'), 'faultline-local');

/**
 * The token services present to each other in X-Service-Token; every service of a deployment has
 * the same one. The published default is for local and workshop runs only.
 */
export const serviceTokenField = () =>
  localOnlyDefault(
    z.string().min(16, 'expected at least 16 characters'),
    'faultline-local-service',
  );

/** A switch written `true` or `false` (TRUST_PROXY=true); anything else fails start naming it. */
export const booleanField = (fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true');

/** A pino log level name. */
export const logLevelField = () =>
  z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info');
