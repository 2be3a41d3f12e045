import { parseArgs } from 'node:util';
import {
  FaultAdminError,
  PaceError,
  activeFaults,
  endRun,
  extendRun,
} from '@faultline/fault-admin';
import { deploymentsOf, explain, servicesAdmin } from './admin-client';
import { runScenario } from './commands/run-scenario';
import {
  REPO_SCENARIOS_DIR,
  SERVICES,
  ScenarioError,
  checkGuess,
  loadScenarios,
  mysteryOf,
  parseGuess,
  pickMystery,
  revealOf,
  runningScenario,
} from '@faultline/scenarios';
import type { Reveal, Scenario, ServiceName } from '@faultline/scenarios';
import { resetCommand } from './commands/reset';
import { canaryPercentOf, deployCommand, rollbackCommand } from './commands/deploy';
import { resolveStacks } from './targets';
import type { Stack, Targets } from './targets';

const HELP: Record<string, string> = {
  main: `faultline — turn named faults on and off in a running Faultline

Usage: npm run faultline -- <command> [options]

Commands:
  scenarios [--mystery]     list the scenarios with their one-line story (or codenames and symptoms)
  run <scenario>            apply a scenario's faults (and releases) on its timeline (Ctrl-C clears them)
  run --mystery [codename]  run one at random (or by codename), hiding which faults it applies
  guess <service> <kind>    check an answer against the running scenario (--reveal: show it)
  reset [--delete-series]   between rounds: clear every fault, the shop's data back to its seed
  extend <scenario> --by S  keep a running scenario's faults S seconds longer (name or codename)
  end <scenario>            end a running scenario now, from any terminal (name or codename)
  apply                     apply one fault (see: apply --help)
  clear [--service NAME]    remove every fault (from one service or the gateway, or all)
  status                    show the active faults of every service and the gateway
  deploy payment <version>  start a release beside the stable one as a canary (--canary PERCENT)
  rollback payment          every charge back to the stable release, the canary stopped

Targets (every command): --host H (default 127.0.0.1; the compose stack publishes the same ports
  when started with -f infra/compose/fault-cli.yaml: the services are internal otherwise),
  --catalog-url, --inventory-url, --order-url, --payment-url, --gateway-url (8080)
  (or FAULTLINE_<SERVICE>_URL),
  a room of stacks: --hosts a,b,c or --hosts-file FILE (one host a line; or FAULTLINE_HOSTS):
  every command but scenarios runs on each, reports per stack, and one stack failing stops none
  of the others (exit 1 if any failed),
  --supervisor-url (npm start's supervisor, port 3009: deploy and rollback),
  --token (or FAULT_ADMIN_TOKEN; default faultline-local). --help after any command explains it.`,
  deploy: `Usage: npm run faultline -- deploy payment <version> [--canary PERCENT] [--supervisor-url URL]
Starts payment <version> as a canary beside the stable release (npm start's supervisor runs it on
port 3014, against payment's database), waits until it answers ready, then has order send it
PERCENT% of charges (20 unless told; each charge on its own, retries included). Every span, log,
profile and target_info series of the canary carries its version, so every signal can be split by
it. Releases: 0.1.0 (stable) and 0.2.0 (a new fraud model). Undo with rollback.
  --supervisor-url URL   the supervisor (FAULTLINE_SUPERVISOR_URL; default port 3009 of --host)`,
  rollback: `Usage: npm run faultline -- rollback payment [--supervisor-url URL]
Every charge goes to the stable release again (order), then the canary process is stopped (the
supervisor): no canary process and no traffic to it are left. Safe to run twice.`,
  scenarios:
    'Usage: npm run faultline -- scenarios [--mystery] [--dir PATH]\nLists scenarios/*.yaml: name, then the one-line story; with --mystery, codename, how long it\nruns and the symptoms only (safe to show a room).',
  guess: `Usage: npm run faultline -- guess <service> <kind> | guess --reveal
Checks an answer against the scenario running now (found from the active faults' ids): right, and
it is revealed (title, story, faults, root cause); wrong, and a hint says only whether the service
is right. --reveal shows the answer without a guess. Exit 0 when right (or revealed), 1 when not.`,
  run: `Usage: npm run faultline -- run <scenario> [--seed N] [--speed X | --duration SECONDS] [--dir PATH]
Applies each fault when its startAfterSeconds comes, for its durationSeconds, shows progress, and
removes what it applied on Ctrl-C. --seed makes the services roll the same dice every run.
--speed 2 plays the timeline twice as fast (0.5: half as fast); --duration 900 plays it so the
last fault ends after 900 s (as long as the tutorial's step, say). A scenario that ships a release
deploys it as a canary through --supervisor-url (see deploy) and rolls it back when its time is up
or on Ctrl-C; \`faultline rollback payment\` from another terminal ends it early.`,
  extend:
    'Usage: npm run faultline -- extend <scenario> --by SECONDS\nEvery active fault a run of the scenario applied stays SECONDS longer (the run itself may have\nended: the faults live in the services). Each is applied again with its later end, so a fault that\nbuilds up over time starts building again.',
  end: 'Usage: npm run faultline -- end <scenario>\nRemoves every active fault a run of the scenario applied, on every service and the gateway,\nand rolls back the canary it deployed, from any terminal; the run then finishes by itself.',
  apply: `Usage: npm run faultline -- apply --service NAME --point POINT --kind KIND [--probability P]
       [--param key=value ...] [--match key=value ...] [--duration SECONDS] [--id ID]
Example: apply --service payment --point payment.gateway.charge --kind error --probability 0.3 \\
         --param status=503 --param code=gateway_unavailable --duration 600`,
  clear:
    'Usage: npm run faultline -- clear [--service NAME]\nRemoves every active fault from one service (or the gateway), or from all of them; one that\ncannot be reached is reported and the others are still cleared (exit 1).',
  status:
    'Usage: npm run faultline -- status\nShows the active faults of each service and when they expire.',
  reset: `Usage: npm run faultline -- reset [--delete-series] [--prometheus-url URL]
A soft reset between workshop rounds; nothing is restarted or pulled again:
  1. removes every active fault from every service and the gateway;
  2. puts each service's data back to its seed, each in one transaction, after the checkouts in
     flight: order (every order, so the retry queue too), inventory (stock as seeded, every
     reservation gone), payment (every payment and idempotency record, the gateway's ledger),
     catalog (the seeded products);
  3. with --delete-series, deletes the last round's series from Prometheus, so the next group
     starts from a clean SLO window: the services', gateway's, watcher's, blackbox, postgres and
     supervisor jobs, every recording rule's series, ALERTS, Tempo's span metrics.
  --delete-series        also delete the series (Prometheus must run with --web.enable-admin-api,
                         as docker-compose.yml starts it)
  --prometheus-url URL   Prometheus for --delete-series (FAULTLINE_PROMETHEUS_URL; default port
                         9090 of --host, or of each host of --hosts)
One line per step and process; one that cannot be reached is reported and the others are still
reset (exit 1). Stop a running \`faultline run\` first: it would apply its later faults again.
Not reset: Loki's logs, Tempo's traces, Pyroscope's profiles; Grafana (dashboards, hand-made
annotations, users' state; deleted metric names still appear in its query editor); k6 (the load
keeps running, its k6_* series are kept); Alertmanager (silences, notification log, alert groups;
firing alerts resolve once Prometheus evaluates the emptied series); the watcher's pager inbox and
dead man's switch; Prometheus's exemplars (trace links stay until overwritten or a restart) and
its own and Alertmanager's series; each process's uptime, memory (a leak's buffers become garbage,
the heap shrinks as V8 collects), in-process counters (they keep counting: Prometheus sees new
series), circuit breakers (an open one closes after its reset timeout, 10 s for order→payment),
the gateway's rate-limit buckets and the fault dice's seed; PostgreSQL's statistics.`,
};

const DEFAULT_SCENARIOS_DIR = REPO_SCENARIOS_DIR;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  dir: { type: 'string' },
  seed: { type: 'string' },
  service: { type: 'string' },
  point: { type: 'string' },
  kind: { type: 'string' },
  probability: { type: 'string' },
  param: { type: 'string', multiple: true },
  match: { type: 'string', multiple: true },
  duration: { type: 'string' },
  speed: { type: 'string' },
  by: { type: 'string' },
  mystery: { type: 'boolean' },
  reveal: { type: 'boolean' },
  id: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'catalog-url': { type: 'string' },
  'inventory-url': { type: 'string' },
  'order-url': { type: 'string' },
  'payment-url': { type: 'string' },
  'gateway-url': { type: 'string' },
  hosts: { type: 'string' },
  'delete-series': { type: 'boolean' },
  'prometheus-url': { type: 'string' },
  'hosts-file': { type: 'string' },
  'supervisor-url': { type: 'string' },
  canary: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function keyValues(pairs: string[] | undefined, numeric: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ScenarioError(`expected key=value, got "${pair}"`);
    const value = pair.slice(at + 1);
    out[pair.slice(0, at)] =
      numeric && value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  }
  return out;
}

function printReveal(reveal: Reveal, out: (line: string) => void): void {
  out(`${reveal.codename} is ${reveal.name}: ${reveal.title}`);
  out(`answer: ${reveal.answer.service}: ${reveal.answer.fault}`);
  for (const f of reveal.faults) out(`fault: ${f.point} ${f.kind} on ${f.service}`);
  for (const d of reveal.deployments)
    out(`deployment: ${d.service} ${d.version} as a canary (${d.canaryPercent}% of its traffic)`);
  out(`\n${reveal.story}\n\n${reveal.rootCause}`);
}

function numberOf(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new PaceError(`${option} must be a number (got "${text}")`);
  return value;
}

/** A scenario by its name or its codename. */
function scenarioNamed(dir: string, name: string | undefined): Scenario {
  const scenario = loadScenarios(dir).find((s) => s.name === name || s.codename === name);
  if (!scenario)
    throw new ScenarioError(
      `no scenario named "${name ?? ''}" (see: npm run faultline -- scenarios)`,
    );
  return scenario;
}

function serviceOf(name: string | undefined): ServiceName {
  if (!name || !(SERVICES as readonly string[]).includes(name)) {
    throw new ScenarioError(`--service must be one of ${SERVICES.join(', ')}`);
  }
  return name as ServiceName;
}

/** Runs one CLI invocation; returns the exit code. */
export async function main(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    out(`faultline: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (command === undefined || (values.help && !command)) {
    out(HELP['main'] ?? '');
    return command === undefined && !values.help ? 2 : 0;
  }
  if (values.help) {
    out(HELP[command] ?? HELP['main'] ?? '');
    return 0;
  }
  const scenariosDir = values.dir ?? DEFAULT_SCENARIOS_DIR;
  let stacks: Stack[];
  let args = rest;
  try {
    if (command === 'scenarios') return listScenarios(scenariosDir, values.mystery ?? false, out);
    stacks = resolveStacks(values, env);
    // One mystery for the whole room: picked once, then run on every stack.
    if (command === 'run' && values.mystery && rest[0] === undefined)
      args = [pickMystery(loadScenarios(scenariosDir), undefined).codename];
  } catch (error) {
    return failure(error, out);
  }
  if (stacks.length === 1) {
    const [only] = stacks as [Stack];
    return onStack(command, args, values, only.targets, scenariosDir, out, signal);
  }
  // A room of stacks: each reports under its label; one that fails does not stop the others.
  const codes = await Promise.all(
    stacks.map(({ label, targets }) =>
      onStack(command, args, values, targets, scenariosDir, labelled(label, out), signal),
    ),
  );
  const failed = stacks.filter((_, i) => codes[i] !== 0).map((stack) => stack.label);
  out(
    failed.length === 0
      ? `all ${stacks.length} stacks: done`
      : `${failed.length} of ${stacks.length} stacks failed: ${failed.join(', ')}`,
  );
  return Math.max(...codes);
}

/** `out` with every line of every message prefixed by `[label] `. */
const labelled =
  (label: string, out: (line: string) => void) =>
  (text: string): void => {
    for (const line of text.split('\n')) out(line === '' ? '' : `[${label}] ${line}`);
  };

function listScenarios(dir: string, mystery: boolean, out: (line: string) => void): number {
  const scenarios = loadScenarios(dir);
  // By codename, so the order of the scenario files (named by their answers) does not show through.
  if (mystery) scenarios.sort((a, b) => a.codename.localeCompare(b.codename));
  for (const s of scenarios) {
    if (!mystery) {
      out(`${s.name.padEnd(30)} ${s.title}`);
      continue;
    }
    const view = mysteryOf(s);
    out(
      `${view.codename.padEnd(14)} ${String(Math.round(view.runsSeconds / 60)).padStart(3)} min  ${view.symptoms}`,
    );
  }
  return 0;
}

/** A CLI error said in one line (exit 1); anything else is a bug and is thrown. */
function failure(error: unknown, out: (line: string) => void): number {
  if (error instanceof FaultAdminError) {
    out(`faultline: ${explain(error)}`);
    return 1;
  }
  if (error instanceof ScenarioError || error instanceof PaceError) {
    out(`faultline: ${error.message}`);
    return 1;
  }
  throw error;
}

/**
 * The id of the canary a scenario run shipped, when one runs: asked of order only when some
 * scenario ships a release (a stack where order does not answer ships none).
 */
async function shippedBy(scenarios: readonly Scenario[], targets: Targets): Promise<string[]> {
  if (!scenarios.some((scenario) => scenario.deployments.length > 0)) return [];
  try {
    const id = (await deploymentsOf(targets).split()).canary?.id;
    return id === undefined ? [] : [id];
  } catch (error) {
    if (error instanceof FaultAdminError && error.failure === 'unreachable') return [];
    throw error;
  }
}

/** Rolls back the canary a run of `scenario` deployed, if one runs; whether it did. */
async function rollBackRun(scenario: Scenario, targets: Targets): Promise<boolean> {
  if (scenario.deployments.length === 0) return false;
  const deployments = deploymentsOf(targets);
  const id = (await deployments.split()).canary?.id ?? '';
  const ofRun = [scenario.name, scenario.codename].some((name) =>
    new RegExp(`^${name}\\.\\d+$`).test(id),
  );
  if (!ofRun) return false;
  await deployments.rollback();
  return true;
}

/** One command against one stack's processes; the exit code. */
async function onStack(
  command: string,
  rest: readonly (string | undefined)[],
  values: Values,
  targets: Targets,
  scenariosDir: string,
  out: (line: string) => void,
  signal: AbortSignal,
): Promise<number> {
  const admin = servicesAdmin(targets);
  try {
    switch (command) {
      case 'reset':
        return await resetCommand(
          admin,
          { prometheusUrl: targets.prometheus, deleteSeries: values['delete-series'] ?? false },
          out,
        );
      case 'run': {
        const scenario = values.mystery
          ? pickMystery(loadScenarios(scenariosDir), rest[0])
          : scenarioNamed(scenariosDir, rest[0]);
        if (values.speed !== undefined && values.duration !== undefined)
          throw new PaceError('give --speed or --duration, not both');
        await runScenario(scenario, admin, out, signal, {
          pace: {
            ...(values.speed !== undefined && { speed: numberOf('--speed', values.speed) }),
            ...(values.duration !== undefined && {
              durationSeconds: numberOf('--duration', values.duration),
            }),
          },
          ...(values.seed !== undefined && { seed: numberOf('--seed', values.seed) }),
          mystery: values.mystery ?? false,
          ...(scenario.deployments.length > 0 && { deployments: deploymentsOf(targets) }),
        });
        return signal.aborted ? 130 : 0;
      }
      case 'deploy':
        return await deployCommand(
          deploymentsOf(targets),
          rest[0],
          rest[1],
          canaryPercentOf(values.canary),
          out,
        );
      case 'rollback':
        return await rollbackCommand(deploymentsOf(targets), rest[0], out);
      case 'guess': {
        const scenarios = loadScenarios(scenariosDir);
        const guess = values.reveal ? undefined : parseGuess(rest[0], rest[1]);
        const ids = [
          ...(await activeFaults(admin)).map(({ rule }) => rule.id),
          ...(await shippedBy(scenarios, targets)),
        ];
        const running = runningScenario(scenarios, ids);
        if (!running) {
          out('no scenario is running (no active fault or deployment of one)');
          return 1;
        }
        if (guess === undefined) {
          printReveal(revealOf(running.scenario), out);
          return 0;
        }
        const verdict = checkGuess(running.scenario, guess);
        if (!verdict.right) {
          out(`not ${guess.service} ${guess.kind}: ${verdict.hint}`);
          return 1;
        }
        out(`right: ${guess.service} ${guess.kind}`);
        printReveal(verdict.reveal, out);
        return 0;
      }
      case 'extend': {
        const scenario = scenarioNamed(scenariosDir, rest[0]);
        if (values.by === undefined) throw new PaceError('extend needs --by SECONDS');
        const by = numberOf('--by', values.by);
        // A run applies `<name>.<n>`, or `<codename>.<n>` in mystery mode.
        const extended = [
          ...(await extendRun(scenario.name, admin, by)),
          ...(await extendRun(scenario.codename, admin, by)),
        ];
        if (extended.length === 0) {
          out(`${rest[0] ?? ''} is not running (no active fault of it on any service)`);
          return 1;
        }
        for (const { service, rule } of extended) out(`${service}: ${rule.id} until ${rule.until}`);
        return 0;
      }
      case 'end': {
        const scenario = scenarioNamed(scenariosDir, rest[0]);
        const removed =
          (await endRun(scenario.name, admin)) + (await endRun(scenario.codename, admin));
        const rolledBack = await rollBackRun(scenario, targets);
        const done = [
          ...(removed > 0 || !rolledBack
            ? [`removed ${removed} fault${removed === 1 ? '' : 's'}`]
            : []),
          ...(rolledBack ? ['rolled back the canary it deployed'] : []),
        ];
        if (removed === 0 && !rolledBack) {
          out(`${rest[0] ?? ''} is not running (no active fault or deployment of it)`);
          return 1;
        }
        out(`${rest[0] ?? ''}: ${done.join(', ')}`);
        return 0;
      }
      case 'apply': {
        const service = serviceOf(values.service);
        const rule = await admin[service].apply({
          point: values.point,
          kind: values.kind,
          ...(values.probability === undefined ? {} : { probability: Number(values.probability) }),
          params: keyValues(values.param, true),
          match: keyValues(values.match, false),
          ...(values.duration === undefined ? {} : { durationSeconds: Number(values.duration) }),
          ...(values.id === undefined ? {} : { id: values.id }),
        });
        out(`applied ${rule.id} on ${service} until ${rule.until}`);
        return 0;
      }
      case 'clear': {
        if (values.service !== undefined) {
          const service = serviceOf(values.service);
          out(`${service}: cleared ${await admin[service].clear()}`);
          return 0;
        }
        // All of them: one that cannot be reached (a stack without its gateway) stops no other.
        let unreachable = 0;
        for (const service of SERVICES) {
          try {
            out(`${service}: cleared ${await admin[service].clear()}`);
          } catch (error) {
            if (!(error instanceof FaultAdminError)) throw error;
            unreachable++;
            out(`${service}: ${explain(error)}`);
          }
        }
        return unreachable === 0 ? 0 : 1;
      }
      case 'status': {
        for (const service of SERVICES) {
          try {
            const rules = await admin[service].list();
            out(`${service}: ${rules.length === 0 ? 'no active faults' : ''}`);
            for (const r of rules) {
              out(
                `  ${r.id}  ${r.point} ${r.kind} p=${r.probability} ${JSON.stringify(r.params)} until ${r.until}`,
              );
            }
          } catch (error) {
            if (!(error instanceof FaultAdminError)) throw error;
            out(`${service}: ${explain(error)}`);
          }
        }
        return 0;
      }
      default:
        out(`unknown command "${command}"\n\n${HELP['main'] ?? ''}`);
        return 2;
    }
  } catch (error) {
    return failure(error, out);
  }
}

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
  });
  main(
    process.argv.slice(2),
    process.env,
    (line) => process.stdout.write(`${line}\n`),
    controller.signal,
  ).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `faultline: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
