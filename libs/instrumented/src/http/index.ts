export { createServiceApp } from './create-service-app';
export type { MountRoutes, RouteKit, ServiceAppOptions } from './create-service-app';
export type { UnavailableWhen } from './dependency-unavailable';
export type { ReadinessCheck } from './health';
export { jsonBody } from './json-body';
export {
  notFoundHandler,
  PROBLEM_CONTENT_TYPE,
  problemBody,
  problemErrorHandler,
  sendStoredAnswer,
} from './problem';
export { REQUEST_ID_HEADER } from './request-id';
export { routeTemplate } from './route-template';
export { requireServiceToken, SERVICE_TOKEN_HEADER, SERVICE_TOKEN_PROBLEMS } from './service-auth';
export { serve, shutdownOnSignals } from './serve';
export { isUntracedPath } from './untraced-paths';
export type { RunningService, ServeOptions } from './serve';
