export { FaultAdminError, faultAdmin, stackAdmin } from './fault-admin';
export type {
  FaultAdmin,
  FaultAdminFailure,
  FaultAdminOptions,
  ResetReport,
  StackAdmin,
  TableReset,
  UncheckedRule,
} from './fault-admin';
export {
  PaceError,
  activeFaults,
  activeRunFaults,
  endRun,
  extendRun,
  planDeployments,
  planEndMs,
  planTimeline,
  runTimeline,
  speedOf,
  timelineSeconds,
} from './timeline';
export type {
  Pace,
  PlannedDeployment,
  PlannedFault,
  RunTimelineOptions,
  TimedDeployment,
  TimedFault,
  Timeline,
  TimelineOutcome,
} from './timeline';
export { DATA_SERVICES, PrometheusAdminError, SHOP_SERIES, resetStack } from './reset';
export type { DataService, ResetStep, ResetTargets, SeriesChoice } from './reset';
export {
  DEFAULT_GATEWAY_PORT,
  RoomListError,
  parseRoomList,
  parseRoomStacks,
  roomStackOf,
} from './room';
export type { RoomStack } from './room';
export { adminCall } from './fault-admin';
export type { AdminCall } from './fault-admin';
export { deploymentsAdmin, runDeployments } from './deployments';
export type {
  CanaryProcess,
  Deployed,
  DeploymentsAdmin,
  DeploymentsOptions,
  RolledBack,
  RunDeploymentsOptions,
  TrafficSplit,
} from './deployments';
