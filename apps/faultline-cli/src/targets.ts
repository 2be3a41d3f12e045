import { readFileSync } from 'node:fs';
import { RoomListError, parseRoomList } from '@faultline/fault-admin';
import { ScenarioError } from '@faultline/scenarios';
import type { ServiceName } from '@faultline/scenarios';

export interface Targets {
  urls: Record<ServiceName, string>;
  token: string;
  /** The stack's Prometheus (reset --delete-series): port 9090 of its host unless told. */
  prometheus: string;
  /** npm start's supervisor (deploy, rollback: the canary process): port 3009 unless told. */
  supervisor: string;
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
  flags: Partial<
    Record<`${ServiceName}-url` | 'host' | 'token' | 'prometheus-url' | 'supervisor-url', string>
  >,
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
    prometheus: (
      flags['prometheus-url'] ??
      env['FAULTLINE_PROMETHEUS_URL'] ??
      `http://${host}:9090`
    ).replace(/\/+$/, ''),
    supervisor: (
      flags['supervisor-url'] ??
      env['FAULTLINE_SUPERVISOR_URL'] ??
      `http://${host}:3009`
    ).replace(/\/+$/, ''),
  };
}

/** One stack the CLI drives: its label (the host, in a room of stacks) and where its processes are. */
export interface Stack {
  label: string;
  targets: Targets;
}

type StackFlags = Partial<
  Record<
    | `${ServiceName}-url`
    | 'host'
    | 'token'
    | 'hosts'
    | 'hosts-file'
    | 'prometheus-url'
    | 'supervisor-url',
    string
  >
>;

/**
 * A list of hosts as the room's list syntax writes it (shared with the gateway's CONTROL_STACKS):
 * one host a line or separated by commas; blank lines and `#` comments are skipped; a host may
 * appear once. The CLI drives each host's processes on their default ports, so a named gateway
 * URL (`name=http://…`, which the control room takes) is refused here.
 */
export function parseHosts(text: string): string[] {
  let hosts: string[];
  try {
    hosts = parseRoomList(text);
  } catch (error) {
    if (error instanceof RoomListError) throw new ScenarioError(error.message);
    throw error;
  }
  const url = hosts.find((host) => host.includes('=') || host.includes('/'));
  if (url !== undefined)
    throw new ScenarioError(
      `${url}: give a host (the CLI reaches each service on its default port), not a gateway URL`,
    );
  return hosts;
}

/**
 * The stacks a command runs against: one (the --host or per-service URLs), or a room of them
 * (--hosts a,b,c, --hosts-file FILE, or FAULTLINE_HOSTS), each on the default ports of its host
 * and the same token. A host may appear once; per-service URLs make no sense for a room.
 */
export function resolveStacks(
  flags: StackFlags,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Stack[] {
  const listed =
    flags.hosts ?? (flags['hosts-file'] === undefined ? env['FAULTLINE_HOSTS'] : undefined);
  let hosts: string[] | undefined;
  if (flags.hosts !== undefined && flags['hosts-file'] !== undefined)
    throw new ScenarioError('give --hosts or --hosts-file, not both');
  if (flags['hosts-file'] !== undefined) {
    let text: string;
    try {
      text = readFile(flags['hosts-file']);
    } catch {
      throw new ScenarioError(`cannot read the hosts file ${flags['hosts-file']}`);
    }
    hosts = parseHosts(text);
    if (hosts.length === 0) throw new ScenarioError(`${flags['hosts-file']} lists no host`);
  } else if (listed !== undefined) {
    hosts = parseHosts(listed);
    if (hosts.length === 0) throw new ScenarioError('--hosts lists no host');
  }
  if (hosts === undefined) {
    const targets = resolveTargets(flags, env);
    return [{ label: flags.host ?? env['FAULTLINE_HOST'] ?? '127.0.0.1', targets }];
  }
  if (
    flags.host !== undefined ||
    flags['prometheus-url'] !== undefined ||
    SERVICE_URL_FLAGS.some((flag) => flags[flag] !== undefined)
  )
    throw new ScenarioError(
      '--hosts drives each host on its default ports: leave out --host, --<service>-url and --prometheus-url',
    );
  const token = flags.token;
  return hosts.map((host) => ({
    label: host,
    targets: resolveTargets(
      { host, ...(token !== undefined && { token }) },
      withoutServiceUrls(env),
    ),
  }));
}

const SERVICE_URL_FLAGS = (Object.keys(DEFAULT_PORTS) as ServiceName[]).map(
  (name) => `${name}-url` as const,
);

/** The environment without FAULTLINE_<SERVICE>_URL and FAULTLINE_HOST, which would pin one stack. */
const withoutServiceUrls = (env: Readonly<Record<string, string | undefined>>) =>
  Object.fromEntries(
    Object.entries(env).filter(([key]) => !/^FAULTLINE_([A-Z]+_URL|HOST)$/.test(key)),
  );
