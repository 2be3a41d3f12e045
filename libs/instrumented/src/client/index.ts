export { backoffDelay, createServiceClient } from './service-client';
export type {
  AttemptPlan,
  AttemptTools,
  BreakerPolicy,
  BreakerStateName,
  CallInterceptor,
  CallOptions,
  RetryPolicy,
  ServiceClient,
  ServiceClientOptions,
  ServiceResponse,
} from './service-client';
export { isServiceCallError, noAnswerReason, ServiceCallError } from './errors';
export type { CallFailureKind } from './errors';
