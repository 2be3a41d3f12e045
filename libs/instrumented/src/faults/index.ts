export { faultAdminRoutes } from './admin-routes';
export { createFaults, faultDelayMs } from './faults';
export type { FaultActivation, Faults, FaultsOptions } from './faults';
export { httpServerFaults } from './http-faults';
export { FAULT_KINDS, FAULT_POINTS, KINDS_BY_POINT, faultRuleInput } from './rule';
export type { FaultKind, FaultPoint, FaultRule, FaultRuleInput } from './rule';
export { seededRandom } from './seeded-random';
