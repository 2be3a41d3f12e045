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
  planEndMs,
  planTimeline,
  runTimeline,
  speedOf,
  timelineSeconds,
} from './timeline';
export type {
  Pace,
  PlannedFault,
  RunTimelineOptions,
  TimedFault,
  Timeline,
  TimelineOutcome,
} from './timeline';
