/**
 * Paths that are polled, operated or telemetry's own, not used: /metrics, /health/*, /admin/*, the
 * gateway's control room API (/control/api/*, which forwards to the services' /admin/faults) and
 * its forward of the browser's spans (/otlp/*: each batch would otherwise add a server span and a
 * client span to the collector, telemetry tracing itself). Tracing or counting them would bury
 * every real request, and the fault admin API would give the workshop's answer away. The
 * telemetry preload's http hook (which also suppresses every span under the request), the RED
 * metrics and the http.server fault point (which must never lock the host out of clearing a
 * fault, nor hide the browser's view of one) all leave them out.
 */
const UNTRACED = /^\/(metrics$|health\/|admin\/|control\/api\/|otlp\/)/;

/** Whether a request URL (query string allowed) is one of the untraced paths. */
export const isUntracedPath = (url: string | undefined): boolean =>
  UNTRACED.test((url ?? '').split('?')[0] ?? '');
