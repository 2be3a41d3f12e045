export { adminResetRoutes, faultAdminRoutes, requireAdminToken } from './admin-routes';
export { ADMIN_REALM, adminTokenRefusal } from './admin-token';
export type { AdminTokenRefusal } from './admin-token';
export { clientFaults } from './client-faults';
export type { ClientFaultPoint } from './client-faults';
export { createFaults, faultDelayMs } from './faults';
export type { DelayRule, FaultActivation, Faults, FaultsOptions } from './faults';
export { httpServerFaults } from './http-faults';
export {
  FAULT_KINDS,
  FAULT_POINTS,
  KINDS_BY_POINT,
  PARAMS_BY_KIND,
  faultRuleInput,
  kindWithParams,
} from './rule';
export type {
  FaultKind,
  FaultKindAt,
  FaultParams,
  FaultPoint,
  FaultRule,
  FaultRuleAt,
  FaultRuleCommon,
  FaultRuleInput,
  FaultRuleOf,
  KindWithParams,
} from './rule';
export { seededRandom } from './seeded-random';
export { faultInjection } from './service-app-faults';
export type { FaultSetup } from './service-app-faults';
