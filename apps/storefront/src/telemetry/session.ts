import { randomHex } from '../shop/random-id';

const SESSION_KEY = 'faultline.session-id';

/**
 * The browser session's id, random and kept in sessionStorage: one per tab until it is closed, so
 * every span of a visit carries the same `session.id`. Storage refused (private mode, quota): a
 * fresh id for this page, which is still better than none.
 */
export function browserSessionId(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
): string {
  try {
    const existing = storage?.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = randomHex(16);
    storage?.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return randomHex(16);
  }
}
