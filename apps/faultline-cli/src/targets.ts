import type { ServiceName } from '@faultline/scenarios';

export interface Targets {
  urls: Record<ServiceName, string>;
  token: string;
}

const DEFAULT_PORTS: Record<ServiceName, number> = {
  catalog: 3001,
  inventory: 3002,
  order: 3003,
  payment: 3004,
  gateway: 8080,
};

/**
 * Where the services are: the native ports by default (the compose stack publishes the gateway's,
 * and the services' with infra/compose/fault-cli.yaml; without it, they are internal),
 * overridable per service (--catalog-url, FAULTLINE_CATALOG_URL…) or by host (--host, FAULTLINE_HOST).
 */
export function resolveTargets(
  flags: Partial<Record<`${ServiceName}-url` | 'host' | 'token', string>>,
  env: Readonly<Record<string, string | undefined>>,
): Targets {
  const host = flags.host ?? env['FAULTLINE_HOST'] ?? '127.0.0.1';
  const url = (name: ServiceName): string =>
    (
      flags[`${name}-url`] ??
      env[`FAULTLINE_${name.toUpperCase()}_URL`] ??
      `http://${host}:${DEFAULT_PORTS[name]}`
    ).replace(/\/+$/, '');
  return {
    urls: {
      catalog: url('catalog'),
      inventory: url('inventory'),
      order: url('order'),
      payment: url('payment'),
      gateway: url('gateway'),
    },
    token: flags.token ?? env['FAULT_ADMIN_TOKEN'] ?? 'faultline-local',
  };
}
