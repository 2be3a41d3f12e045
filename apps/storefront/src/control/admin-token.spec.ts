import { describe, expect, it } from 'vitest';
import { adminToken } from './admin-token';

/** sessionStorage as the browser has it, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => {
      items.clear();
    },
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

describe('adminToken', () => {
  it('keeps the token for the tab, and forgets it on logout', () => {
    const storage = memoryStorage();
    expect(adminToken.read(storage)).toBeUndefined();
    adminToken.save('sesame', storage);
    expect(adminToken.read(storage)).toBe('sesame');
    adminToken.forget(storage);
    expect(adminToken.read(storage)).toBeUndefined();
  });

  it('carries on without storage when the browser refuses it', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    expect(() => {
      adminToken.save('sesame', refusing);
      adminToken.forget(refusing);
    }).not.toThrow();
    expect(adminToken.read(refusing)).toBeUndefined();
  });
});
