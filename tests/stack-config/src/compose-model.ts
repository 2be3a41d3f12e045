import { readYaml } from './repo';

export interface Healthcheck {
  test?: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  disable?: boolean;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  mem_limit?: string;
  profiles?: string[];
  extra_hosts?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const COMPOSE_FILE = 'docker-compose.yml';
export const OVERRIDE_FILES = [
  'infra/compose/no-load.yaml',
  'infra/compose/backends.yaml',
  'infra/compose/fault-cli.yaml',
  'infra/compose/instructor.yaml',
];

/**
 * Compose's interpolation of one string: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty),
 * `${VAR-default}` (unset) and `$$` (a literal `$`), from `env` as the shell running
 * `docker compose` would hold it. Any other `$` is refused, as Compose refuses it.
 */
export function interpolate(value: string, env: Readonly<Record<string, string>>): string {
  const NAME = '[A-Za-z_][A-Za-z0-9_]*';
  const pattern = new RegExp(`\\$\\$|\\$\\{(${NAME})(?:(:?-)([^}]*))?\\}|\\$(${NAME})|\\$`, 'g');
  return value.replace(
    pattern,
    (match, braced?: string, operator?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = braced ?? bare;
      if (name === undefined) throw new Error(`invalid interpolation in "${value}"`);
      const set = env[name];
      if (operator === ':-') return set ? set : (fallback ?? '');
      if (operator === '-') return set ?? fallback ?? '';
      return set ?? '';
    },
  );
}

function interpolateAll(node: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, interpolateAll(item, env)]),
    );
  }
  return node;
}

/** The file as Compose reads it: interpolated from `env` (by default, nothing set). */
export const loadCompose = (path = COMPOSE_FILE, env: Record<string, string> = {}): ComposeFile =>
  interpolateAll(readYaml<ComposeFile>(path), env) as ComposeFile;

/** A bind mount of a service: host path (relative to the repository) and container path. */
export interface BindMount {
  service: string;
  host: string;
  container: string;
}

/** Bind mounts (host paths starting with ./) of every service; named volumes are left out. */
export function bindMounts(compose: ComposeFile): BindMount[] {
  return Object.entries(compose.services).flatMap(([service, definition]) =>
    (definition.volumes ?? [])
      .filter((volume) => volume.startsWith('./'))
      .map((volume) => {
        const [host = '', container = ''] = volume.split(':');
        return { service, host: host.slice(2), container };
      }),
  );
}

/** The host side of a service's bind mount for `containerPath`, or undefined. */
export function hostPathOf(
  compose: ComposeFile,
  service: string,
  containerPath: string,
): string | undefined {
  return bindMounts(compose).find((m) => m.service === service && m.container === containerPath)
    ?.host;
}

/** The repository path of the Prometheus config: the folder mounted at /etc/prometheus. */
export function prometheusFolder(compose: ComposeFile): string {
  const folder = hostPathOf(compose, 'prometheus', '/etc/prometheus');
  if (!folder) throw new Error('prometheus does not mount a folder at /etc/prometheus');
  return folder;
}

/** Parses Compose's `NNNm` / `NNNg` memory notation into MiB. */
export function mebibytes(limit: string): number {
  const match = /^(\d+)([mg])$/.exec(limit);
  if (!match) throw new Error(`unexpected mem_limit ${limit}`);
  return Number(match[1]) * (match[2] === 'g' ? 1024 : 1);
}
