/**
 * A zod error message that tells a missing field ("is required") from one of the wrong type.
 * Pass as `{ error: required('must be a string') }`.
 */
export const required =
  (wrongType: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : wrongType;
