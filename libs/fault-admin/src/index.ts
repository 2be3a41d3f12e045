export { FaultAdminError, faultAdmin, stackAdmin } from './fault-admin';
export type {
  FaultAdmin,
  FaultAdminFailure,
  FaultAdminOptions,
  StackAdmin,
  UncheckedRule,
} from './fault-admin';
