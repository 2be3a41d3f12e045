import { randomBytes } from 'node:crypto';
import { dropDatabase } from '@faultline/postgres';
import { DATABASE_NAMES, databaseUrlFor, startStack } from '@faultline/stack';
import type { Stack, StackOptions } from '@faultline/stack';
import { stopFetching } from '../k6-stand-in/sync-fetch';

export const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Starts the real services for a file's k6 iterations (before all its tests) with databases of
 * their own, points the scripts' __ENV at them, and stops everything afterwards, dropping the
 * databases by name so a stack that failed half-way through starting leaves nothing behind.
 * Returns the running stack, for the tests to use.
 */
export function useStandInStack(
  name: string,
  options: Pick<StackOptions, 'env' | 'watcher'>,
): () => Stack {
  const prefix = `${name}_${randomBytes(3).toString('hex')}_`;
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({
      ports: 'ephemeral',
      postgresUrl: POSTGRES,
      databasePrefix: prefix,
      // The scripts shop through the edge gateway, like the storefront.
      gateway: true,
      ...options,
    });
    const shop = stack.urls.gateway;
    if (!shop) throw new Error('the stack started without its gateway');
    globalThis.__ENV = { SHOP_URL: shop };
  }, 120_000);

  afterAll(async () => {
    try {
      await stopFetching();
      await stack?.stop();
    } finally {
      for (const database of Object.values(DATABASE_NAMES)) {
        await dropWhenServerHasRoom(databaseUrlFor(POSTGRES, `${prefix}${database}`));
      }
    }
  }, 90_000);

  return () => {
    if (!stack) throw new Error('the stack did not start');
    return stack;
  };
}

/** Drops a database, retrying while a busy shared server refuses connections (53300). */
async function dropWhenServerHasRoom(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dropDatabase(url);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '53300' || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
