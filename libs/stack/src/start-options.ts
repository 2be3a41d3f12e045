import type { StackOptions } from './start-stack';

/** What `npm start` runs with, read from its environment (the only place it is read). */
export interface NpmStartSettings {
  stack: Omit<StackOptions, 'onLine'>;
  /** FAULTLINE_RAW_LOGS=1: print the services' JSON log lines as written. */
  rawLogs: boolean;
}

const set = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * FAULTLINE_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * FAULTLINE_HOST, the interface to listen on: loopback unless set, since a native run should not
 * be open to the network; 0.0.0.0 lets the backends-only compose Prometheus scrape the host;
 * FAULTLINE_PORTS=ephemeral and FAULTLINE_DATABASE_PREFIX, so a test can run npm start's own entry
 * beside a real npm start. Supervision is always on: that is what npm start is for; and so is the
 * gateway, the shop's front door.
 */
export function npmStartSettings(
  env: Readonly<Record<string, string | undefined>>,
): NpmStartSettings {
  const ports = set(env['FAULTLINE_PORTS']) ?? 'default';
  if (ports !== 'default' && ports !== 'ephemeral') {
    throw new Error(`FAULTLINE_PORTS must be default or ephemeral, not "${ports}"`);
  }
  return {
    stack: {
      postgresUrl: set(env['FAULTLINE_POSTGRES_URL']),
      host: set(env['FAULTLINE_HOST']) ?? '127.0.0.1',
      ports,
      databasePrefix: set(env['FAULTLINE_DATABASE_PREFIX']),
      supervise: true,
      gateway: true,
    },
    rawLogs: env['FAULTLINE_RAW_LOGS'] === '1',
  };
}
