export { decideReplay, requestInProgress } from './decide-replay';
export type { EarlierRequest, ReplayProblems } from './decide-replay';
