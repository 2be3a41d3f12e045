import type { DeploymentsAdmin } from '@faultline/fault-admin';
import { ScenarioError } from '@faultline/scenarios';

/** The service with releases to deploy, and the share of traffic a canary gets unless told. */
export const DEPLOYABLE = 'payment';
export const DEFAULT_CANARY_PERCENT = 20;

function deployable(service: string | undefined): void {
  if (service !== DEPLOYABLE) {
    throw new ScenarioError(
      `${service ?? '(none)'}: only ${DEPLOYABLE} has releases to deploy (0.1.0 stable, 0.2.0)`,
    );
  }
}

/** --canary PERCENT: a whole percent from 1 to 100. */
export function canaryPercentOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CANARY_PERCENT;
  const percent = Number(text);
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new ScenarioError(`--canary ${text}: give a whole percent from 1 to 100`);
  }
  return percent;
}

/**
 * `faultline deploy payment <version> --canary N`: the release started beside the stable one (the
 * supervisor), then N% of charges routed to it (order). Exit 0 once both are done.
 */
export async function deployCommand(
  admin: DeploymentsAdmin,
  service: string | undefined,
  version: string | undefined,
  canaryPercent: number,
  out: (line: string) => void,
): Promise<number> {
  deployable(service);
  if (version === undefined) throw new ScenarioError('deploy needs a version, e.g. 0.2.0');
  const { canary, split } = await admin.deploy(version, canaryPercent);
  out(`payment ${canary.version}: canary started at ${canary.url} (pid ${canary.pid})`);
  out(
    `order: ${split.canary?.weightPercent ?? 0}% of charges to ${canary.version}, ${split.stable.weightPercent}% to the stable release`,
  );
  out('compare the releases on the Deployments dashboard; undo with: faultline rollback payment');
  return 0;
}

/** `faultline rollback payment`: every charge to the stable release, then the canary stopped. */
export async function rollbackCommand(
  admin: DeploymentsAdmin,
  service: string | undefined,
  out: (line: string) => void,
): Promise<number> {
  deployable(service);
  // The traffic line comes at once; the canary stops once Prometheus has dropped it.
  const { stopped } = await admin.rollback((trafficMoved) => {
    out(
      trafficMoved
        ? 'order: every charge goes to the stable release again'
        : 'order: no charge was going to a canary',
    );
  });
  out(
    stopped
      ? `payment ${stopped.version}: canary stopped (pid ${stopped.pid})`
      : 'no canary process was running',
  );
  return 0;
}
