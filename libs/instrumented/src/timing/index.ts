export { createPeriodicTask } from './periodic-task';
export type { PeriodicTask, PeriodicTaskOptions } from './periodic-task';
export { TIMED_OUT, withTimeout } from './with-timeout';
