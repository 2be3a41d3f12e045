/**
 * `npm start`: the four services as plain Node processes on 3001–3004 against a local PostgreSQL
 * (FAULTLINE_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres). Prints where each
 * listens; Ctrl-C stops them all. FAULTLINE_RAW_LOGS=1 shows the JSON log lines as written.
 */
import { startStack } from './start-stack';
import type { ServiceName } from './services';

const raw = process.env['FAULTLINE_RAW_LOGS'] === '1';

function printLine(service: ServiceName, line: string): void {
  let text = line;
  if (!raw) {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      const time = typeof record['time'] === 'string' ? record['time'].slice(11, 19) : '';
      text = `${time} ${String(record['level']).padEnd(5)} ${typeof record['msg'] === 'string' ? record['msg'] : ''}`;
    } catch {
      // not JSON: show as is
    }
  }
  process.stdout.write(`${service.padEnd(9)}| ${text}\n`);
}

startStack({
  postgresUrl: process.env['FAULTLINE_POSTGRES_URL'],
  ports: 'default',
  onLine: printLine,
}).then(
  (stack) => {
    process.stdout.write('\nFaultline is running:\n');
    for (const [name, url] of Object.entries(stack.urls))
      process.stdout.write(`  ${name.padEnd(10)} ${url}\n`);
    process.stdout.write(
      '\nTry: curl http://127.0.0.1:3001/products   (Ctrl-C stops everything)\n\n',
    );
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.stdout.write('\nstopping…\n');
      stack.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(
      `Faultline did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
