import { databaseName, maintenanceUrl } from '@faultline/postgres';
import { createPool } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import { cpuSeconds } from './process-stats';

/**
 * CPU used by the PostgreSQL backends serving some databases: their process ids come from
 * pg_stat_activity, their CPU time from /proc (the server runs on this machine).
 */
export class PostgresCpu {
  private readonly pool: Pool;

  constructor(postgresUrl: string) {
    this.pool = createPool({
      connectionString: maintenanceUrl(postgresUrl),
      applicationName: 'faultline-bench',
      max: 1,
    });
  }

  private async backends(databaseUrls: readonly string[]): Promise<number[]> {
    const { rows } = await this.pool.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])',
      [databaseUrls.map(databaseName)],
    );
    return rows.map((row) => row.pid);
  }

  /** Starts counting; `stop` resolves with the backends' CPU seconds since (NaN if unreadable). */
  async measure(databaseUrls: readonly string[]): Promise<{ stop(): Promise<number> }> {
    const before = new Map<number, number>();
    for (const pid of await this.backends(databaseUrls)) before.set(pid, cpuSeconds(pid));
    return {
      stop: async () => {
        let total = 0;
        for (const pid of await this.backends(databaseUrls)) {
          const now = cpuSeconds(pid);
          if (Number.isFinite(now)) total += now - (before.get(pid) ?? 0);
        }
        return total;
      },
    };
  }

  /** Connections open on the server now (everyone's, this one included). */
  async connections(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = $1',
      ['client backend'],
    );
    return rows[0]?.n ?? Number.NaN;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
