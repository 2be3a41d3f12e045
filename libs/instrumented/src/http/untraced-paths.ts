/**
 * Paths that are polled or operated, not used: /metrics, /health/*, /admin/*, and the gateway's
 * control room API (/control/api/*, which forwards to the services' /admin/faults). Tracing or
 * counting them would bury every real request, and the fault admin API would give the workshop's
 * answer away. The telemetry preload's http hook, the RED metrics and the http.server fault point
 * (which must never lock the host out of clearing a fault) all leave them out.
 */
const UNTRACED = /^\/(metrics$|health\/|admin\/|control\/api\/)/;

/** Whether a request URL (query string allowed) is one of the untraced paths. */
export const isUntracedPath = (url: string | undefined): boolean =>
  UNTRACED.test((url ?? '').split('?')[0] ?? '');
