import { readFileSync } from 'node:fs';
// load-tests/ is no Nx project (compose mounts it whole for k6), so its pure lib is read by path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { CART_LINES, visitFigures, type Visit } from '../../../load-tests/lib/visit-mix';
import { loadCompose, mebibytes, type ComposeService } from './compose-model';
import { filesUnder, repoPath } from './repo';

/**
 * The k6 runs of docker-compose.yml: the background shoppers stay flat for a run with no end, and
 * the sale runs on its own with its own memory limit, sized from the scripts' own maxVUs. The
 * scripts' options are read by running their init code as k6 does, with the service's environment
 * and k6's own modules stubbed (the stubs cover what init code touches: options and metrics).
 */
jest.mock('k6', () => ({ check: () => true, sleep: () => undefined }), { virtual: true });
jest.mock('k6/http', () => ({ __esModule: true, default: { expectedStatuses: () => ({}) } }), {
  virtual: true,
});
jest.mock(
  'k6/metrics',
  () => ({
    Counter: class {
      add(): void {
        // init code only declares metrics
      }
    },
  }),
  { virtual: true },
);

declare global {
  // k6's global, which the scripts read in their init code.
  var __ENV: Record<string, string> | undefined;
}
/** A k6 service as this suite reads it (compose-model's type, plus the restart policy). */
type K6Service = ComposeService & { restart?: string };

const services = loadCompose().services as Record<string, K6Service>;
const shoppers = services['shoppers']!;
const sale = services['sale']!;
const prometheus = services['prometheus']!;

/**
 * What a k6 process takes before any VU: the largest k6 process before its VUs start in
 * grafana/k6-benchmarks (results/v0.42.0: 7–49 MB).
 */
const K6_BASELINE_MIB = 50;
/**
 * What a VU of a small script takes: ~2.7–3 MB (k6 maintainers, grafana/k6#1543); "~1-5MB per
 * VU" for simple tests (grafana.com/docs/k6/latest/testing-guides/running-large-tests/#memory).
 */
const K6_PER_VU_MIB = 3;
/** Room above the estimate for what it leaves out (connections, buffers, GC headroom). */
const MARGIN = 1.3;
/** Flags k6 2.x removed: it refuses to start with them. */
const REMOVED_IN_K6_2 = ['--no-summary', '--summary-mode=legacy'];

const argv = (service: ComposeService): string[] => {
  const command = service.command ?? [];
  return typeof command === 'string' ? command.split(/\s+/) : command;
};

/**
 * A script's maxVUs, read from its source as k6 reads it: a number, or a constant the script sets
 * from `__ENV['NAME'] ?? 'default'` (the service's environment wins over the default).
 */
function scriptMaxVUs(script: string, env: Record<string, string> = {}): number {
  const source = readFileSync(repoPath('load-tests', script), 'utf8');
  const value = /\bmaxVUs:\s*([A-Za-z_]\w*|\d+)/.exec(source)?.[1];
  if (value === undefined) throw new Error(`load-tests/${script} sets no maxVUs`);
  if (/^\d+$/.test(value)) return Number(value);
  const fromEnv = new RegExp(
    `const ${value} = Number\\(__ENV\\['(\\w+)'\\] \\?\\? '(\\d+)'\\)`,
  ).exec(source);
  if (!fromEnv) throw new Error(`load-tests/${script}: cannot read the value of ${value}`);
  return Number(env[fromEnv[1]!] ?? fromEnv[2]);
}

/** A scenario of a script's options, as k6 reads it. */
interface Scenario {
  executor: string;
  rate?: number;
  startRate?: number;
  stages?: { target: number; duration: string }[];
  preAllocatedVUs?: number;
  maxVUs?: number;
}

interface ScriptOptions {
  scenarios?: Record<string, Scenario>;
  thresholds?: Record<string, unknown>;
}

/** A script's options as k6 reads them: its init code run with the service's environment. */
function scriptOptions(script: string, env: Record<string, string> = {}): ScriptOptions {
  const saved = globalThis.__ENV;
  globalThis.__ENV = { ...env };
  try {
    let options: ScriptOptions | undefined;
    jest.isolateModules(() => {
      options = jest.requireActual<{ options?: ScriptOptions }>(
        repoPath('load-tests', script),
      ).options;
    });
    return options ?? {};
  } finally {
    globalThis.__ENV = saved;
  }
}

/** A script's one scenario. */
function onlyScenario(options: ScriptOptions): Scenario {
  const scenarios = Object.values(options.scenarios ?? {});
  expect(scenarios).toHaveLength(1);
  return scenarios[0]!;
}

/**
 * The kind of shopper a script sends: the `checkoutShare` of its one `shop({ checkoutShare: … })`
 * call, read from the source as tests/bench reads it.
 */
function visitOf(script: string): Visit {
  const source = readFileSync(repoPath('load-tests', script), 'utf8');
  const shares = [...source.matchAll(/shop\(\{ checkoutShare: ([\d.]+) \}\)/g)].map((m) =>
    Number(m[1]),
  );
  expect({ script, shares: shares.length }).toEqual({ script, shares: 1 });
  return { checkoutShare: shares[0]! };
}

/** The script a k6 service runs: the last argument of its command. */
const scriptOf = (service: ComposeService): string | undefined =>
  argv(service)
    .at(-1)
    ?.replace(/^\/scripts\//, '');

describe('the background shoppers (a k6 run with no end)', () => {
  it('run load-tests/shoppers.ts and remote-write it to Prometheus', () => {
    expect(scriptOf(shoppers)).toBe('shoppers.ts');
    expect(argv(shoppers)[0]).toBe('run');
    expect(argv(shoppers).join(' ')).toContain('--out experimental-prometheus-rw');
    expect(shoppers.restart).toBe('unless-stopped');
  });

  it('keep no end-of-test summary and judge no thresholds, so k6 keeps no samples', () => {
    expect(argv(shoppers)).toEqual(
      expect.arrayContaining(['--summary-mode=disabled', '--no-thresholds']),
    );
    for (const flag of REMOVED_IN_K6_2) expect(argv(shoppers)).not.toContain(flag);
    // An environment setting would reach every one-off run of the service (the smoke test's
    // summary is its result), so the flags live on the command.
    expect(shoppers.environment?.['K6_SUMMARY_MODE']).toBeUndefined();
    expect(shoppers.environment?.['K6_NO_THRESHOLDS']).toBeUndefined();
  });

  it('send trends as native histograms, with no since-start trend stats', () => {
    const features = (shoppers.environment?.['K6_FEATURES'] ?? '').split(',').map((f) => f.trim());
    expect(features).toContain('native-histograms');
    // --features on the command line would replace K6_FEATURES altogether (k6: CLI > env).
    expect(argv(shoppers).some((arg) => arg.startsWith('--features'))).toBe(false);
    expect(shoppers.environment?.['K6_PROMETHEUS_RW_TREND_STATS']).toBeUndefined();
    expect(shoppers.environment?.['K6_PROMETHEUS_RW_STALE_MARKERS']).toBe('true');
  });
});

describe('the sale (a k6 run with an end)', () => {
  it('is a service of its own, off by default, that runs load-tests/seasonal-sale.ts', () => {
    expect(sale.profiles).toEqual(['sale']);
    expect(sale.image).toBe(shoppers.image);
    expect(scriptOf(sale)).toBe('seasonal-sale.ts');
    expect(argv(sale).join(' ')).toContain('--out experimental-prometheus-rw');
    // A one-off run: no restart policy that would start the sale again when it ends.
    expect(sale.restart ?? 'no').toBe('no');
    expect(sale.volumes).toEqual(shoppers.volumes);
  });

  it('keeps its summary and thresholds: the exit code says whether the shop took the rush', () => {
    expect(argv(sale)).not.toContain('--no-thresholds');
    expect(argv(sale).some((arg) => arg.startsWith('--summary-mode'))).toBe(false);
    expect(sale.environment?.['K6_SUMMARY_MODE']).toBeUndefined();
    expect(sale.environment?.['K6_NO_THRESHOLDS']).toBeUndefined();
  });

  it('reaches the shop and Prometheus as the shoppers do, trends as native histograms too', () => {
    // Every variable but GOMEMLIMIT, which follows each service's own memory limit.
    const shared = ({ GOMEMLIMIT: _own, ...rest }: Record<string, string> = {}) => rest;
    expect(shared(sale.environment)).toEqual(shared(shoppers.environment));
    expect(sale.environment).toMatchObject({
      SHOP_URL: 'http://gateway:8080',
      K6_PROMETHEUS_RW_SERVER_URL: 'http://prometheus:9090/api/v1/write',
      K6_FEATURES: 'native-histograms',
    });
    expect(sale.environment?.['GOMEMLIMIT']).toMatch(/^\d+MiB$/);
    expect(Object.keys(sale.depends_on ?? {}).sort()).toEqual(
      Object.keys(shoppers.depends_on ?? {}).sort(),
    );
  });

  it('is how every doc runs the sale: no doc runs seasonal-sale.ts through the shoppers', () => {
    const docs = ['README.md', ...filesUnder('docs'), ...filesUnder('load-tests')].filter((file) =>
      file.endsWith('.md'),
    );
    const runs = docs.flatMap((file) =>
      readFileSync(repoPath(file), 'utf8')
        .split('\n')
        .filter((line) => /docker compose run\b/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    expect(runs.filter(({ line }) => /\bsale\b/.test(line)).length).toBeGreaterThan(0);
    for (const run of runs) {
      expect({ ...run, saleThroughShoppers: /shoppers\b.*seasonal-sale/.test(run.line) }).toEqual({
        ...run,
        saleThroughShoppers: false,
      });
    }
  });
});

describe('the k6 memory limits', () => {
  it.each([
    ['shoppers', shoppers],
    ['sale', sale],
  ])(
    '%s: mem_limit ≥ 1.3 × (k6 baseline + the script’s maxVUs × per-VU), GOMEMLIMIT inside it',
    (_name, service) => {
      const script = scriptOf(service);
      if (script === undefined) throw new Error('no script');
      const maxVUs = scriptMaxVUs(script, service.environment);
      const needed = MARGIN * (K6_BASELINE_MIB + maxVUs * K6_PER_VU_MIB);
      const limit = mebibytes(service.mem_limit ?? 'missing');
      expect({ script, maxVUs, limit, needed, enough: limit >= needed }).toEqual({
        script,
        maxVUs,
        limit,
        needed,
        enough: true,
      });
      const gomemlimit = /^(\d+)MiB$/.exec(service.environment?.['GOMEMLIMIT'] ?? '');
      expect(gomemlimit).not.toBeNull();
      expect(Number(gomemlimit![1])).toBeLessThan(limit);
    },
  );

  it('reads maxVUs as k6 would: the literal, or the environment over the script’s default', () => {
    expect(scriptMaxVUs('seasonal-sale.ts')).toBe(30);
    expect(scriptMaxVUs('seasonal-sale.ts', { SALE_MAX_VUS: '80' })).toBe(80);
    expect(scriptMaxVUs('shoppers.ts')).toBeGreaterThan(0);
  });
});

describe('Prometheus, as the k6 runs write to it', () => {
  const flags = argv(prometheus);

  it('takes remote write, and native histograms without a feature flag (Prometheus ≥ 3.8)', () => {
    expect(flags).toContain('--web.enable-remote-write-receiver');
    const [major = 0, minor = 0] = /:v(\d+)\.(\d+)\./
      .exec(prometheus.image ?? '')
      ?.slice(1)
      .map(Number) ?? [0, 0];
    // 3.8 stores native histograms unconditionally (prometheus#17232); from 3.9 the
    // native-histograms feature flag is a no-op that only logs a warning (prometheus#17528).
    expect(major * 100 + minor).toBeGreaterThanOrEqual(308);
    expect(flags.filter((flag) => /native-histograms/.test(flag))).toEqual([]);
  });
});

describe('the k6 scripts as compose runs them', () => {
  const shoppersScenario = onlyScenario(scriptOptions('shoppers.ts', shoppers.environment));
  const saleOptions = scriptOptions('seasonal-sale.ts', sale.environment);
  const saleScenario = onlyScenario(saleOptions);
  const everyday = visitFigures(visitOf('shoppers.ts'));
  const keen = visitFigures(visitOf('seasonal-sale.ts'));
  /** Everyday visits a second: the shoppers' rate under compose's environment. */
  const everydayRate = shoppersScenario.rate ?? Number.NaN;
  /** The sale's crowd, visits a second: its start rate, from the moment the doors open. */
  const crowd = saleScenario.startRate ?? Number.NaN;

  it.each([
    ['shoppers', shoppers],
    ['sale', sale],
  ])(
    '%s: thresholds in the script exactly when compose lets k6 judge them (none dead)',
    (_name, service) => {
      const script = scriptOf(service)!;
      const thresholds = Object.keys(scriptOptions(script, service.environment).thresholds ?? {});
      const judged = !argv(service).includes('--no-thresholds');
      expect({ script, judged, thresholds: thresholds.length > 0 }).toEqual({
        script,
        judged,
        thresholds: judged,
      });
    },
  );

  it('the shoppers run forever at a steady rate, so they carry no thresholds at all', () => {
    expect(shoppersScenario.executor).toBe('constant-arrival-rate');
    expect(scriptOptions('shoppers.ts', shoppers.environment).thresholds).toBeUndefined();
  });

  it('the sale’s doors open at once: its crowd from the first second, never a ramp up to it', () => {
    expect(saleScenario.executor).toBe('ramping-arrival-rate');
    const [held, ...after] = saleScenario.stages ?? [];
    expect(held?.target).toBe(crowd);
    for (const stage of after) expect(stage.target).toBeLessThan(crowd);
    expect(after.at(-1)?.target).toBe(0);
    // Every VU started before the doors open, so the step itself drops no visit.
    expect(saleScenario.preAllocatedVUs).toBe(saleScenario.maxVUs);
  });

  it('the sale comes on top of the everyday shoppers, with several times their checkouts', () => {
    expect(crowd).toBeGreaterThan(everydayRate);
    expect(crowd * keen.checkoutsPerVisit).toBeGreaterThanOrEqual(
      3 * everydayRate * everyday.checkoutsPerVisit,
    );
    // The CPU scenario counts on the sale's payments for CheckoutLatencyHigh in compose (its fraud
    // work grows with the charges a second): at least 14 a second from the crowd, as the sale
    // brought before its visits became realistic (16 at its peak).
    expect(crowd * keen.checkoutsPerVisit).toBeGreaterThanOrEqual(14);
  });

  it('the everyday shoppers check out 2–3 times a second, what the alerts and the tutorial expect', () => {
    const checkoutsPerSecond = everydayRate * everyday.checkoutsPerVisit;
    expect(checkoutsPerSecond).toBeGreaterThanOrEqual(2);
    expect(checkoutsPerSecond).toBeLessThanOrEqual(3);
  });

  it('shoppers browse far more than they buy: at least 10 pages a checkout (5 in the sale)', () => {
    expect(everyday.checkoutsPerVisit).toBeLessThanOrEqual(0.2);
    expect(everyday.pagesPerCheckout).toBeGreaterThanOrEqual(10);
    expect(keen.checkoutsPerVisit).toBeGreaterThanOrEqual(everyday.checkoutsPerVisit);
    expect(keen.checkoutsPerVisit).toBeLessThanOrEqual(0.5);
    expect(keen.pagesPerCheckout).toBeGreaterThanOrEqual(5);
  });

  it('carts hold one to four products, 1.3 to 2 on average, under 2.5 units', () => {
    expect(CART_LINES.map(([lines]) => lines)).toEqual([1, 2, 3, 4]);
    expect(everyday.linesPerCart).toBeGreaterThanOrEqual(1.3);
    expect(everyday.linesPerCart).toBeLessThanOrEqual(2);
    expect(everyday.unitsPerCart).toBeLessThanOrEqual(2.5);
  });

  it('each k6 container stays under 80% of the gateway’s per-address rate limit', () => {
    const limit = Number(services['gateway']?.environment?.['RATE_LIMIT_PER_SECOND']);
    expect(limit).toBeGreaterThan(0);
    const perSecond = {
      shoppers: everydayRate * everyday.requestsPerVisit,
      sale: crowd * keen.requestsPerVisit,
    };
    expect(perSecond.shoppers).toBeLessThanOrEqual(0.8 * limit);
    expect(perSecond.sale).toBeLessThanOrEqual(0.8 * limit);
  });
});
