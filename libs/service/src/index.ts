export { runFaultlineService, startService } from './start-service';
export type {
  ComposedService,
  Lifecycle,
  ServiceConfig,
  ServiceDefinition,
  ServiceResources,
  StartedService,
} from './start-service';
export { serviceConfigFields } from './config-fields';
export { createResetGate } from './reset-gate';
export type { ResetGate } from './reset-gate';
export * from './release-slot';
