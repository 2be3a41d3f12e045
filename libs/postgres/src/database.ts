import pg from 'pg';

/** The database name in a postgres:// URL. */
export function databaseName(connectionString: string): string {
  const name = decodeURIComponent(new URL(connectionString).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`"${name}" is not a database name Faultline can create (letters, digits, _)`);
  }
  return name;
}

/** The same server's maintenance database, used to create or drop others. */
export function maintenanceUrl(connectionString: string): string {
  const url = new URL(connectionString);
  url.pathname = '/postgres';
  return url.toString();
}

/** Creates the database named in the URL if it does not exist (first start on an empty server). */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  const name = databaseName(connectionString);
  const client = new pg.Client({ connectionString: maintenanceUrl(connectionString) });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Two processes starting at once: the other one created it.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Drops the database named in the URL. Waits (up to 3 s) for its sessions to go first: a pool that
 * was just ended may still be closing sockets, and forcing those closed makes pg emit errors.
 */
export async function dropDatabase(connectionString: string): Promise<void> {
  const name = databaseName(connectionString);
  const client = new pg.Client({ connectionString: maintenanceUrl(connectionString) });
  await client.connect();
  try {
    for (let waited = 0; waited < 3000; waited += 50) {
      const { rows } = await client.query<{ sessions: number }>(
        'SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if ((rows[0]?.sessions ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
