import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FaultAdminError, PaceError, endRun, extendRun } from '@faultline/fault-admin';
import { explain, servicesAdmin } from './admin-client';
import { runScenario } from './commands/run-scenario';
import { SERVICES, ScenarioError, loadScenarios } from './scenario';
import type { Scenario, ServiceName } from './scenario';
import { resolveTargets } from './targets';

const HELP: Record<string, string> = {
  main: `faultline — turn named faults on and off in a running Faultline

Usage: npm run faultline -- <command> [options]

Commands:
  scenarios                 list the scenarios with their one-line story
  run <scenario>            apply a scenario's faults on its timeline (Ctrl-C clears them)
  extend <scenario> --by S  keep a running scenario's faults S seconds longer
  end <scenario>            end a running scenario now (from any terminal)
  apply                     apply one fault (see: apply --help)
  clear [--service NAME]    remove every fault (from one service or the gateway, or all)
  status                    show the active faults of every service and the gateway

Targets (every command): --host H (default 127.0.0.1; the compose stack publishes the same ports
  when started with -f infra/compose/fault-cli.yaml: the services are internal otherwise),
  --catalog-url, --inventory-url, --order-url, --payment-url, --gateway-url (8080)
  (or FAULTLINE_<SERVICE>_URL),
  --token (or FAULT_ADMIN_TOKEN; default faultline-local). --help after any command explains it.`,
  scenarios:
    'Usage: npm run faultline -- scenarios [--dir PATH]\nLists scenarios/*.yaml: name, then the one-line story.',
  run: `Usage: npm run faultline -- run <scenario> [--seed N] [--speed X | --duration SECONDS] [--dir PATH]
Applies each fault when its startAfterSeconds comes, for its durationSeconds, shows progress, and
removes what it applied on Ctrl-C. --seed makes the services roll the same dice every run.
--speed 2 plays the timeline twice as fast (0.5: half as fast); --duration 900 plays it so the
last fault ends after 900 s (as long as the tutorial's step, say).`,
  extend:
    'Usage: npm run faultline -- extend <scenario> --by SECONDS\nEvery active fault a run of the scenario applied stays SECONDS longer (the run itself may have\nended: the faults live in the services). A memory leak starts over from nothing.',
  end: 'Usage: npm run faultline -- end <scenario>\nRemoves every active fault a run of the scenario applied, on every service and the gateway,\nfrom any terminal; the run that applied them then finishes by itself.',
  apply: `Usage: npm run faultline -- apply --service NAME --point POINT --kind KIND [--probability P]
       [--param key=value ...] [--match key=value ...] [--duration SECONDS] [--id ID]
Example: apply --service payment --point payment.gateway.charge --kind error --probability 0.3 \\
         --param status=503 --param code=gateway_unavailable --duration 600`,
  clear:
    'Usage: npm run faultline -- clear [--service NAME]\nRemoves every active fault from one service (or the gateway), or from all of them; one that\ncannot be reached is reported and the others are still cleared (exit 1).',
  status:
    'Usage: npm run faultline -- status\nShows the active faults of each service and when they expire.',
};

const DEFAULT_SCENARIOS_DIR = join(__dirname, '..', '..', '..', 'scenarios');

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

function numberOf(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new PaceError(`${option} must be a number (got "${text}")`);
  return value;
}

function scenarioNamed(dir: string, name: string | undefined): Scenario {
  const scenario = loadScenarios(dir).find((s) => s.name === name);
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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
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
      id: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'catalog-url': { type: 'string' },
      'inventory-url': { type: 'string' },
      'order-url': { type: 'string' },
      'payment-url': { type: 'string' },
      'gateway-url': { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (command === undefined || (values.help && !command)) {
    out(HELP['main'] ?? '');
    return command === undefined && !values.help ? 2 : 0;
  }
  if (values.help) {
    out(HELP[command] ?? HELP['main'] ?? '');
    return 0;
  }
  const admin = servicesAdmin(resolveTargets(values, env));
  const scenariosDir = values.dir ?? DEFAULT_SCENARIOS_DIR;
  try {
    switch (command) {
      case 'scenarios': {
        for (const s of loadScenarios(scenariosDir)) out(`${s.name.padEnd(30)} ${s.title}`);
        return 0;
      }
      case 'run': {
        const scenario = scenarioNamed(scenariosDir, rest[0]);
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
        });
        return signal.aborted ? 130 : 0;
      }
      case 'extend': {
        const scenario = scenarioNamed(scenariosDir, rest[0]);
        if (values.by === undefined) throw new PaceError('extend needs --by SECONDS');
        const extended = await extendRun(scenario.name, admin, numberOf('--by', values.by));
        if (extended.length === 0) {
          out(`${scenario.name} is not running (no active fault of it on any service)`);
          return 1;
        }
        for (const { service, rule } of extended) out(`${service}: ${rule.id} until ${rule.until}`);
        return 0;
      }
      case 'end': {
        const scenario = scenarioNamed(scenariosDir, rest[0]);
        const removed = await endRun(scenario.name, admin);
        out(
          removed === 0
            ? `${scenario.name} is not running (no active fault of it on any service)`
            : `${scenario.name}: removed ${removed} fault${removed === 1 ? '' : 's'}`,
        );
        return removed === 0 ? 1 : 0;
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
