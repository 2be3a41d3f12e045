export * from './client';
export * from './config';
export * from './errors';
export * from './http';
export * from './logging';
export * from './metrics';
export { shutdownTelemetry } from './telemetry/runtime';
export { annotateActiveSpan, markSpanFailed, withSpan } from './tracing/spans';
export type { Attributes, Span } from './tracing/spans';
