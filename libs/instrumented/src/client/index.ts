export { backoffDelay, createServiceClient } from './service-client';
export type {
  BreakerPolicy,
  BreakerStateName,
  CallOptions,
  RetryPolicy,
  ServiceClient,
  ServiceClientOptions,
  ServiceResponse,
} from './service-client';
export { isServiceCallError, ServiceCallError } from './errors';
export type { CallFailureKind } from './errors';
