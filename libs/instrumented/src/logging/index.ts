export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { maskCardNumber, redact, redactText, REDACTED } from './redact';
export { currentRequestId, runWithRequestId } from './request-context';
