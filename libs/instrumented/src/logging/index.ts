export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { maskCardNumber, passesLuhn, redact, redactText, REDACTED } from './redact';
export { currentRequestId, runWithRequestId } from './request-context';
