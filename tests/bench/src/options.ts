export type Phase = 'startup' | 'load' | 'alert' | 'memory';

export interface BenchOptions {
  quick: boolean;
  /** Fixed-concurrency runs: connections and seconds. */
  connections: number;
  concurrencySeconds: number;
  /** Fixed-arrival-rate runs at a rate the stack sustains: the latency overhead. */
  rate: number;
  rateSeconds: number;
  /** The target's rate (p99 ≤ 100 ms at 200 checkouts/s), run once per stack after the repetitions. */
  targetRate: number;
  targetSeconds: number;
  warmupSeconds: number;
  repetitions: number;
  /** The laptop figure: seconds of the everyday shoppers alone, per stack. */
  laptopSeconds: number;
  /** Start-up rounds after the first (which creates the databases). */
  startupRestarts: number;
  /** Prometheus scrape and evaluation interval for the alert phase. */
  alertInterval: string;
  alertLimitSeconds: number;
  /** The memory phase: seconds of the sale's peak load, then seconds of the leak scenario. */
  memorySaleSeconds: number;
  memoryLeakSeconds: number;
  phases: Phase[];
  /** Also write the report (markdown) here. */
  out: string | undefined;
  /** Also write every figure as JSON here. */
  json: string | undefined;
  postgresUrl: string | undefined;
  /** The command as the report quotes it: the options that shape the figures (not --out/--json). */
  command: string;
}

export const USAGE = `npm run bench [-- options]

  --quick              shorter runs, 2 repetitions, Prometheus at 1 s intervals (about 3 min)
  --connections=N      fixed-concurrency runs use N connections (default 32)
  --rate=N             fixed-arrival-rate runs start N checkouts a second (default 50)
  --target-rate=N      the target-rate run starts N checkouts a second (default 200)
  --seconds=N          length of every measured run (default 6 at fixed concurrency, 10 at a rate)
  --reps=N             repetitions of every mode and load shape (default 3, quick 2)
  --laptop-seconds=N   the everyday shoppers alone on each stack for N s (default 30, quick 10)
  --only=a,b           phases to run: startup, load, alert, memory (default all)
  --memory-seconds=N   the memory phase's sale lasts N s (default 180, quick 45), its leak N/1.5
  --out=FILE           also write the report (markdown) to FILE
  --json=FILE          also write every figure as JSON to FILE

  FAULTLINE_POSTGRES_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)`;

function positive(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`--${name} expects a whole number of 1 or more, got "${value}"`);
  }
  return parsed;
}

const PHASES: readonly string[] = ['startup', 'load', 'alert', 'memory'];

/** `npm run bench -- …` with the options that change what is measured, as they were given. */
function benchCommand(argv: readonly string[]): string {
  const shaping = argv.filter((arg) => !/^--(out|json)(=|$)/.test(arg));
  return shaping.length === 0 ? 'npm run bench' : `npm run bench -- ${shaping.join(' ')}`;
}

/** Reads the command line; an unknown or malformed option stops the bench with the usage. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    connections: 32,
    concurrencySeconds: quick ? 4 : 6,
    rate: 50,
    rateSeconds: quick ? 5 : 10,
    targetRate: 200,
    targetSeconds: quick ? 4 : 6,
    warmupSeconds: quick ? 3 : 4,
    repetitions: quick ? 2 : 3,
    laptopSeconds: quick ? 10 : 30,
    startupRestarts: 1,
    alertInterval: quick ? '1s' : '15s',
    alertLimitSeconds: quick ? 150 : 240,
    memorySaleSeconds: quick ? 45 : 180,
    memoryLeakSeconds: quick ? 30 : 120,
    phases: ['startup', 'load', 'alert', 'memory'],
    out: undefined,
    json: undefined,
    postgresUrl: env['FAULTLINE_POSTGRES_URL'] || undefined,
    command: benchCommand(argv),
  };
  for (const arg of argv) {
    const [flag = '', value = ''] = arg.split(/=(.*)/s);
    switch (flag) {
      case '--quick':
        break;
      case '--connections':
        options.connections = positive('connections', value);
        break;
      case '--rate':
        options.rate = positive('rate', value);
        break;
      case '--target-rate':
        options.targetRate = positive('target-rate', value);
        break;
      case '--seconds':
        options.concurrencySeconds = positive('seconds', value);
        options.rateSeconds = options.concurrencySeconds;
        options.targetSeconds = options.concurrencySeconds;
        break;
      case '--memory-seconds':
        options.memorySaleSeconds = positive('memory-seconds', value);
        options.memoryLeakSeconds = Math.max(10, Math.round(options.memorySaleSeconds / 1.5));
        break;
      case '--laptop-seconds':
        options.laptopSeconds = positive('laptop-seconds', value);
        break;
      case '--reps':
        options.repetitions = positive('reps', value);
        break;
      case '--only': {
        const phases = value.split(',').filter(Boolean);
        if (phases.length === 0 || phases.some((p) => !PHASES.includes(p))) {
          throw new Error(`--only expects startup, load, alert and/or memory, got "${value}"`);
        }
        options.phases = phases as Phase[];
        break;
      }
      case '--out':
        options.out = value || undefined;
        break;
      case '--json':
        options.json = value || undefined;
        break;
      default:
        throw new Error(`unknown option "${arg}"\n`);
    }
  }
  return options;
}
