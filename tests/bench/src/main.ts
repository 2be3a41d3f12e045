/**
 * `npm run bench`: what observability costs Faultline, measured natively on this machine — the
 * four services from the same build and the same startStack path as `npm start`, real PostgreSQL,
 * a real OTLP receiver and a real Prometheus. Prints a markdown report (see docs/PERFORMANCE.md).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { measureAlert } from './alert';
import type { AlertResult } from './alert';
import { forkChild } from './child';
import { undoOnSignals } from './cleanup';
import { runLoadPhase } from './load-phase';
import { describeMachine } from './machine';
import { USAGE, parseOptions } from './options';
import type { BenchOptions } from './options';
import type { SinkReply } from './otlp-sink-process';
import { renderReport } from './report';
import type { BenchResults } from './report';
import { DEFAULT_POSTGRES_URL, startBenchStack } from './stacks';
import { measureMemory } from './memory';
import { readSalePeak } from './container-settings';
import { measureStartup } from './startup';

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

const message = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

/** The alert phase on a telemetry stack of its own (when the load phase, which lends one, is skipped). */
async function alertAlone(options: BenchOptions): Promise<AlertResult> {
  const { child: sink, ready } = await forkChild<SinkReply>('otlp-sink-process.js');
  try {
    if (ready.type !== 'ready') throw new Error('OTLP receiver did not start');
    const stack = await startBenchStack('telemetry', ready.url, options.postgresUrl);
    try {
      return await measureAlert(stack.stack, options.alertInterval, options.alertLimitSeconds, log);
    } finally {
      await stack.stop();
    }
  } finally {
    await sink.stop();
  }
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    options,
    machine: describeMachine(),
    failures: [],
  };
  const began = Date.now();
  undoOnSignals(log);
  log(
    `${options.quick ? 'quick' : 'full'} run: ${options.phases.join(', ')}; ${results.machine.cores} cores, load average ${results.machine.loadBefore.toFixed(2)}`,
  );

  if (options.phases.includes('startup')) {
    log('startup: each service started alone, full telemetry');
    try {
      results.startup = await measureStartup(
        options.postgresUrl ?? DEFAULT_POSTGRES_URL,
        options.startupRestarts,
      );
    } catch (error) {
      results.failures.push(`startup: ${message(error)}`);
    }
  }

  if (options.phases.includes('load')) {
    try {
      results.load = await runLoadPhase(options, log, async (stacks) => {
        if (!options.phases.includes('alert')) return;
        log(`alert: Prometheus at ${options.alertInterval} intervals on the instrumented stack`);
        try {
          results.alert = await measureAlert(
            stacks.telemetry.stack,
            options.alertInterval,
            options.alertLimitSeconds,
            log,
          );
        } catch (error) {
          results.failures.push(`alert: ${message(error)}`);
        }
      });
    } catch (error) {
      results.failures.push(`load: ${message(error)}`);
    }
  } else if (options.phases.includes('alert')) {
    try {
      results.alert = await alertAlone(options);
    } catch (error) {
      results.failures.push(`alert: ${message(error)}`);
    }
  }

  if (options.phases.includes('memory')) {
    try {
      results.memory = await measureMemory(
        {
          ...readSalePeak(),
          saleSeconds: options.memorySaleSeconds,
          leakSeconds: options.memoryLeakSeconds,
          postgresUrl: options.postgresUrl,
        },
        log,
      );
    } catch (error) {
      results.failures.push(`memory: ${message(error)}`);
    }
  }

  results.machine.loadAfter = loadavg()[0];
  const report = renderReport(results);
  process.stdout.write(`\n${report}\n`);
  log(`done in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  if (options.out) writeFileSync(options.out, `${report}\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  if (results.failures.length > 0) process.exitCode = 1;
}

void main();
