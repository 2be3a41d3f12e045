import type { AdminRequest, AdminService, FaultAdminProxy } from '../domain/ports';
import { passOn } from './pass-on';

/**
 * The control room's way to the services' /admin/faults: the request passed on as it came
 * (method, JSON body, Authorization), the answer passed back as it came (see passOn). No answer
 * is a 503 naming the service; an answer broken off or not JSON, a 502.
 */
export function faultAdminProxy(
  urls: Readonly<Record<AdminService, string>>,
  timeoutMs: number,
): FaultAdminProxy {
  return {
    forward: (service: AdminService, request: AdminRequest) =>
      passOn(
        { kind: 'service', name: service, baseUrl: urls[service] },
        `/admin/faults${request.path}`,
        request,
        timeoutMs,
      ),
  };
}
