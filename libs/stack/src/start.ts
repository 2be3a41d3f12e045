/**
 * `npm start`: the four services as plain Node processes on 3001–3004 against a local PostgreSQL,
 * the watcher on 3005 (synthetic checkouts through order, the pager page) and the gateway on 8080
 * (the shop: storefront and public API), listening on loopback, each restarted with backoff if its
 * process exits; the supervisor's /metrics (restarts, up) on 3009. Ctrl-C or SIGTERM stops them
 * all. Settings: start-options.ts.
 */
import { npmStartSettings } from './start-options';
import { startStack } from './start-stack';
import type { ProcessName } from './services';
import type { LineSource, Stack } from './start-stack';

const settings = npmStartSettings(process.env);

function printLine(source: LineSource, line: string): void {
  let text = line;
  if (!settings.rawLogs) {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      const time = typeof record['time'] === 'string' ? record['time'].slice(11, 19) : '';
      text = `${time} ${String(record['level']).padEnd(5)} ${typeof record['msg'] === 'string' ? record['msg'] : ''}`;
    } catch {
      // not JSON (the supervisor's lines, a stack trace): show as is
    }
  }
  process.stdout.write(`${source.padEnd(9)}| ${text}\n`);
}

function printRunning(stack: Stack): void {
  if (stack.urls.gateway !== undefined) {
    process.stdout.write(`\nThe shop: ${stack.urls.gateway}\n`);
  }
  process.stdout.write('\nFaultline is running:\n');
  for (const [name, url] of Object.entries(stack.urls)) {
    const pid = stack.services[name as ProcessName]?.pid;
    process.stdout.write(`  ${name.padEnd(10)} ${url}   (pid ${pid ?? '?'})\n`);
  }
  process.stdout.write(`  ${'supervisor'.padEnd(10)} ${stack.supervisorUrl ?? ''}/metrics\n`);
  if (stack.urls.watcher !== undefined) {
    process.stdout.write(`  ${'pager'.padEnd(10)} ${stack.urls.watcher}/\n`);
  }
  const tryUrl =
    stack.urls.gateway === undefined
      ? `${stack.urls.catalog}/products`
      : `${stack.urls.gateway}/api/v1/products`;
  process.stdout.write(
    `\nTry: curl ${tryUrl}   (a service that dies is restarted; Ctrl-C stops everything)\n\n`,
  );
}

const started = startStack({ ...settings.stack, onLine: printLine });

// Listening from the start: a signal while the services are still starting must stop them too,
// once they are started, rather than leave them running without us.
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping…\n');
  started
    .then((stack) => stack.stop())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

started.then(
  (stack) => {
    if (!stopping) printRunning(stack);
  },
  (error: unknown) => {
    process.stderr.write(
      `Faultline did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
