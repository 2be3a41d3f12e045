/**
 * Paths that are polled or operated, not used: /metrics, /health/*, /admin/*. Tracing or counting
 * them would bury every real request, and the fault admin API would give the workshop's answer
 * away. The telemetry preload's http hook and the RED metrics both leave them out.
 */
const UNTRACED = /^\/(metrics$|health\/|admin\/)/;

/** Whether a request URL (query string allowed) is one of the untraced paths. */
export const isUntracedPath = (url: string | undefined): boolean =>
  UNTRACED.test((url ?? '').split('?')[0] ?? '');
