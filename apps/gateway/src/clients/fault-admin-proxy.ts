import { AppError } from '@faultline/instrumented';
import type { AdminRequest, AdminService, FaultAdminProxy } from '../domain/ports';

const why = (error: unknown): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'no answer';
};

/**
 * The control room's way to the services' /admin/faults: the request passed on as it came
 * (method, JSON body, Authorization), the answer passed back as it came. Plain fetch, not the
 * shop's clients: their breakers and the gateway.http fault point must never stand between a host
 * and clearing a fault. No answer is a 503 naming the service; an answer broken off or not JSON,
 * a 502.
 */
export function faultAdminProxy(
  urls: Readonly<Record<AdminService, string>>,
  timeoutMs: number,
): FaultAdminProxy {
  return {
    async forward(service: AdminService, request: AdminRequest) {
      const baseUrl = urls[service].replace(/\/+$/, '');
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/admin/faults${request.path}`, {
          method: request.method,
          headers: {
            accept: 'application/json',
            ...(request.authorization !== undefined && { authorization: request.authorization }),
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new AppError(
          'service_unreachable',
          503,
          `${service} is not reachable at ${baseUrl} (${why(error)}).`,
          { cause: error, extensions: { service } },
        );
      }
      const badAnswer = (detail: string, cause?: unknown) =>
        new AppError('service_bad_answer', 502, `${service} ${detail}.`, {
          cause,
          extensions: { service },
        });
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw badAnswer('broke its answer off', error);
      }
      if (text === '') return { status: response.status, body: undefined };
      try {
        return { status: response.status, body: JSON.parse(text) as unknown };
      } catch (error) {
        throw badAnswer(`answered ${response.status} with a body that is not JSON`, error);
      }
    },
  };
}
