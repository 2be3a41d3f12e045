import { isApiError } from '../api/api-error';

/** What a page says when it could not load what it shows. */
export function loadProblemText(error: unknown, what: string): string {
  if (isApiError(error)) {
    if (error.status === 0)
      return `We could not reach the shop to load ${what}. Check your connection.`;
    if (error.status === 429 || error.status === 503) {
      const wait = error.retryAfterSeconds;
      return wait !== undefined && wait > 0
        ? `The shop is very busy. Please try again in ${wait === 1 ? '1 second' : `${wait} seconds`}.`
        : 'The shop is very busy. Please try again in a moment.';
    }
  }
  return `Something went wrong loading ${what}. Please try again later.`;
}

/** A failed load, said plainly, with a way to try again. */
export function LoadProblem({
  error,
  what,
  retry,
}: {
  error: unknown;
  what: string;
  retry: () => void;
}) {
  return (
    <div className="notice notice-problem" role="alert">
      <p>{loadProblemText(error, what)}</p>
      <button type="button" className="button button-secondary" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
