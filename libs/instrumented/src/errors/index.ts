export { AppError, isAppError } from './app-error';
export type { AppErrorOptions, InvalidParam } from './app-error';
export { parseOrThrow, validationError } from './validation';
