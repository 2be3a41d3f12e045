export { runService, startFailureReason } from './run-service';
export type { RunServiceOptions } from './run-service';
