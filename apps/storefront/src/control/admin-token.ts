const KEY = 'faultline.control.token';

/**
 * The admin token for this tab only (sessionStorage: gone with the tab, never in the address,
 * never sent anywhere but this origin's control API and /admin/faults).
 */
export const adminToken = {
  read(storage: Storage = sessionStorage): string | undefined {
    try {
      return storage.getItem(KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  save(token: string, storage: Storage = sessionStorage): void {
    try {
      storage.setItem(KEY, token);
    } catch {
      // Storage refused (private mode, full): the token lasts as long as the page instead.
    }
  },
  forget(storage: Storage = sessionStorage): void {
    try {
      storage.removeItem(KEY);
    } catch {
      // Nothing to forget.
    }
  },
};
