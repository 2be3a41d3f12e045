import type { FaultRule } from '@faultline/faults';
import type { ServiceName } from './scenario';
import type { Targets } from './targets';

/** A failure to talk to a service's admin API, said in one line. */
export class AdminError extends Error {
  override name = 'AdminError';
}

async function request(
  targets: Targets,
  service: ServiceName,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${targets.urls[service]}/admin/faults${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${targets.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new AdminError(
      `${service} is not reachable at ${targets.urls[service]} (is it running? see --help for URLs)`,
    );
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (response.status === 401 || response.status === 403) {
    throw new AdminError(
      `${service} refused the admin token (${response.status}); set FAULT_ADMIN_TOKEN or --token`,
    );
  }
  if (!response.ok) {
    const problem = parsed as
      { detail?: string; invalid_params?: { name: string; reason: string }[] } | undefined;
    const field = problem?.invalid_params?.[0];
    throw new AdminError(
      `${service} answered ${response.status}: ${field ? `${field.name}: ${field.reason}` : (problem?.detail ?? text)}`,
    );
  }
  return parsed;
}

/** The /admin/faults API of the services. */
export const adminClient = (targets: Targets) => ({
  apply: (service: ServiceName, rule: unknown) =>
    request(targets, service, 'POST', '', rule) as Promise<FaultRule>,
  list: async (service: ServiceName) =>
    ((await request(targets, service, 'GET', '')) as { items: FaultRule[] }).items,
  remove: (service: ServiceName, id: string) =>
    request(targets, service, 'DELETE', `/${encodeURIComponent(id)}`),
  clear: async (service: ServiceName) =>
    ((await request(targets, service, 'DELETE', '')) as { cleared: number }).cleared,
  seed: (service: ServiceName, seed: number) =>
    request(targets, service, 'POST', '/seed', { seed }),
});

export type AdminClient = ReturnType<typeof adminClient>;
