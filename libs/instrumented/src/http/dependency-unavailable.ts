/** Dependency name → whether an error means that dependency cannot be reached right now. */
export type UnavailableWhen = Record<string, (error: unknown) => boolean>;

/** Wrapping is shallow in practice; the bound only guards against a cause cycle. */
const MAX_CAUSE_DEPTH = 5;

/**
 * The dependency an error says is unavailable, looking through `cause` so a driver error wrapped by
 * a repository or use case still counts. A predicate that throws counts as "no".
 */
export function unavailableDependency(
  error: unknown,
  unavailableWhen: UnavailableWhen,
): string | undefined {
  const entries = Object.entries(unavailableWhen);
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current != null; depth++) {
    for (const [name, matches] of entries) {
      if (safely(matches, current)) return name;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function safely(matches: (error: unknown) => boolean, error: unknown): boolean {
  try {
    return matches(error);
  } catch {
    return false;
  }
}
