import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_POINTS, KINDS_BY_POINT, faultRuleInput } from '@faultline/faults';
import type { FaultPoint } from '@faultline/faults';
import { parse } from 'yaml';
import { z } from 'zod';

/** The four services and the edge gateway: every process with its own /admin/faults. */
export const SERVICES = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * Where each fault point lives; http.server and process.memory exist in every service and in the
 * gateway (its http.server is the shop's front door: a fault there is what every customer meets).
 * gateway.http is the gateway's calls to the services behind it (`match: { peer: order }` for one).
 */
const POINT_OWNERS: Record<FaultPoint, readonly ServiceName[]> = {
  'http.server': SERVICES,
  'process.memory': SERVICES,
  'payment.gateway.charge': ['payment'],
  'payment.fraud': ['payment'],
  'inventory.db': ['inventory'],
  'catalog.db': ['catalog'],
  'order.payment_client': ['order'],
  'order.retry_worker': ['order'],
  'gateway.http': ['gateway'],
};

const scheduledFault = z
  .object({
    service: z.enum(SERVICES),
    startAfterSeconds: z.number().min(0).default(0),
    durationSeconds: z.number().positive().max(86_400),
    rule: faultRuleInput.omit({ until: true, durationSeconds: true }),
  })
  .strict()
  .superRefine((fault, ctx) => {
    if (!POINT_OWNERS[fault.rule.point].includes(fault.service)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rule', 'point'],
        message: `${fault.rule.point} is not a point of ${fault.service}`,
      });
    }
    if (!KINDS_BY_POINT[fault.rule.point].includes(fault.rule.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rule', 'kind'],
        message: `${fault.rule.point} takes ${KINDS_BY_POINT[fault.rule.point].join(', ')}`,
      });
    }
  });

/** A release name as a service's SERVICE_VERSION takes it (payment: 0.1.0 stable, 0.2.0). */
export const RELEASE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

/**
 * A release shipped during a scenario: started as a canary beside the stable one, given a share of
 * the traffic, rolled back when its time is up. Only payment has releases to deploy.
 */
const scheduledDeployment = z
  .object({
    service: z.literal('payment'),
    version: z.string().regex(RELEASE_NAME, 'must be a release name such as 0.2.0'),
    /** The share of charges the canary takes, in whole percent. */
    canaryPercent: z.number().int().min(1).max(100),
    startAfterSeconds: z.number().min(0).default(0),
    durationSeconds: z.number().positive().max(86_400),
  })
  .strict();

/**
 * A scenario file: a story, faults (or a deployment) on a timeline, what should be seen, and the
 * answer.
 */
export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'must be kebab-case'),
    /** Mystery mode's name for it: two plain words that say nothing about the fault. */
    codename: z.string().regex(/^[a-z]+-[a-z]+$/, 'must be two lowercase words joined by a hyphen'),
    title: z.string().min(1),
    story: z.string().min(1),
    /** What customers and the on-call engineer notice, never the cause (mystery mode's story). */
    symptoms: z.string().min(1),
    faults: z.array(scheduledFault).default([]),
    /** At most one: a stack has one canary slot. */
    deployments: z.array(scheduledDeployment).max(1).default([]),
    expected: z
      .object({
        alerts: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'must be an alert name')),
        dashboards: z.array(z.string().min(1)).min(1),
        diagnosis: z.object({ service: z.enum(SERVICES), fault: z.string().min(1) }).strict(),
      })
      .strict(),
    rootCause: z.string().min(1),
  })
  .strict()
  .refine((scenario) => scenario.faults.length + scenario.deployments.length > 0, {
    path: ['faults'],
    message: 'a scenario needs at least one fault or one deployment',
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScheduledFault = Scenario['faults'][number];
export type ScheduledDeployment = Scenario['deployments'][number];

/** When a scenario's last fault or deployment ends, as written (seconds after the start). */
export const scenarioSeconds = (scenario: Pick<Scenario, 'faults' | 'deployments'>): number =>
  Math.max(
    0,
    ...[...scenario.faults, ...scenario.deployments].map(
      (step) => step.startAfterSeconds + step.durationSeconds,
    ),
  );

/** One line per problem, naming the file and the field. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export function parseScenario(file: string, text: string): Scenario {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ScenarioError(
      `${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.map(String).join('.') || '(file)';
    throw new ScenarioError(`${file}: ${where}: ${first?.message ?? 'invalid'}`);
  }
  const expectedName = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (result.data.name !== expectedName) {
    throw new ScenarioError(`${file}: name: must equal the file name (${expectedName})`);
  }
  return result.data;
}

/** Every scenario in a folder, sorted by name; the first bad file stops it with one clear line. */
export function loadScenarios(dir: string): Scenario[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    throw new ScenarioError(`no scenarios folder at ${dir}`);
  }
  const scenarios = files.map((file) =>
    parseScenario(join(dir, file), readFileSync(join(dir, file), 'utf8')),
  );
  const names = new Set(scenarios.map((s) => s.name));
  const seen = new Map<string, string>();
  for (const scenario of scenarios) {
    const other = seen.get(scenario.codename);
    if (other !== undefined || names.has(scenario.codename)) {
      throw new ScenarioError(
        `${join(dir, `${scenario.name}.yaml`)}: codename: ${scenario.codename} is already ${other === undefined ? 'a scenario name' : `the codename of ${other}`}`,
      );
    }
    seen.set(scenario.codename, scenario.name);
  }
  return scenarios;
}

export { FAULT_POINTS };

/** The repository's scenarios/ (from this package's dist/, in the repository and in the image). */
export const REPO_SCENARIOS_DIR = join(__dirname, '..', '..', '..', 'scenarios');
