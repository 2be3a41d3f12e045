import { createPool } from '@faultline/postgres';
import type { Pool } from '@faultline/postgres';
import type { TestDatabase } from '@faultline/postgres/testing';
import { spawnService } from '@faultline/stack';
import type { ServiceName, ServiceProcess } from '@faultline/stack';

/** One JSON log line a service wrote. */
export type LogLine = Record<string, unknown>;

const parseLogLine = (line: string): LogLine[] => {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? [parsed as LogLine] : [];
  } catch {
    return []; // not a log line (a stack trace from node itself, say)
  }
};

/**
 * A real service process (as `npm start` runs it) with a database of its own, restartable on the
 * same port, with everything it wrote kept for assertions.
 */
export class ServiceUnderTest {
  process: ServiceProcess | undefined;
  /** Every line the process wrote, across restarts. */
  readonly output: string[] = [];
  private pool: Pool | undefined;

  constructor(
    readonly name: ServiceName,
    readonly db: TestDatabase,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    if (!this.process) throw new Error(`${this.name} is not running`);
    return this.process.url;
  }

  async start(extraEnv: Record<string, string> = {}, port = '0'): Promise<void> {
    this.process = await spawnService({
      name: this.name,
      onLine: (_service, line) => this.output.push(line),
      env: {
        PATH: process.env['PATH'] ?? '',
        OTEL_SDK_DISABLED: 'true',
        OTEL_SERVICE_NAME: this.name,
        DEPLOYMENT_ENVIRONMENT: 'test',
        HOST: '127.0.0.1',
        PORT: port,
        DATABASE_URL: this.db.url,
        ...this.env,
        ...extraEnv,
      },
    });
  }

  /** Stops the process; SIGKILL simulates a crash. Returns the port to restart on. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
    const port = new URL(this.url).port;
    await this.process?.stop(signal);
    this.process = undefined;
    return port;
  }

  /** Direct SQL on the service's own database, for assertions and for making work due. */
  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    this.pool ??= createPool({
      connectionString: this.db.url,
      applicationName: 'checkout-test',
      max: 2,
    });
    return (await this.pool.query<T & Record<string, unknown>>(sql, params)).rows;
  }

  /** The JSON log lines the process wrote so far. */
  logLines(): LogLine[] {
    return this.output.flatMap(parseLogLine);
  }

  /** Everything the process wrote so far, as one text. */
  logText(): string {
    return this.output.join('\n');
  }

  /** Stops the process if it runs and lets go of the database (which stays, for the caller to drop). */
  async close(): Promise<void> {
    if (this.process) await this.stop();
    await this.pool?.end();
    this.pool = undefined;
  }
}
