import { FaultAdminError, adminCall } from './fault-admin';
import { waitUntil } from './timeline';
import type { PlannedDeployment } from './timeline';

/** A canary release running beside the stable one, as the supervisor reports it. */
export interface CanaryProcess {
  service: 'payment';
  version: string;
  url: string;
  pid: number;
}

/** How order splits payment's traffic now (order's GET /admin/deployments). */
export interface TrafficSplit {
  service: 'payment';
  stable: { weightPercent: number };
  /** `id`: the scenario run that shipped it (`<scenario>.<n>`), when one did. */
  canary: { version: string; baseUrl: string; weightPercent: number; id?: string } | null;
}

export interface DeploymentsOptions {
  /** The supervisor that starts and stops the canary process (npm start's: port 3009). */
  supervisorUrl: string;
  /** Order, which splits payment's traffic between the releases. */
  orderUrl: string;
  token: string;
  /** How long a canary may take to start and answer ready; 60 s by default. */
  startTimeoutMs?: number;
}

/** What `deploy` did: the canary started, and the split order now makes. */
export interface Deployed {
  canary: CanaryProcess;
  split: TrafficSplit;
}

/** What `rollback` did: traffic back on the stable release, and the canary process stopped. */
export interface RolledBack {
  /** Whether order was sending traffic to a canary (false: it already was not). */
  trafficMoved: boolean;
  /** The canary process stopped, if one ran. */
  stopped: CanaryProcess | undefined;
}

/** Payment's deployments: the canary process (supervisor) and the traffic split (order). */
export interface DeploymentsAdmin {
  /**
   * Starts payment `version` as a canary, then has order send it `weightPercent` of charges.
   * When order refuses the route, the canary is stopped again and the refusal thrown. `id` names
   * the scenario run that ships it (`<scenario>.<n>`).
   */
  deploy(version: string, weightPercent: number, id?: string): Promise<Deployed>;
  /** How order splits payment's traffic now. */
  split(): Promise<TrafficSplit>;
  /**
   * Traffic first (order: every charge to the stable release), then the canary process, which its
   * slot stops only once Prometheus has dropped it (up to 17 s): `onTrafficMoved` hears of the
   * first step as soon as it is done.
   */
  rollback(onTrafficMoved?: (trafficMoved: boolean) => void): Promise<RolledBack>;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 5000;
/**
 * A rollback waits for Prometheus's discovery to drop the canary (up to 17 s, libs/service's
 * discovery-drain) and for the canary's own drain (up to 10 s).
 */
const STOP_TIMEOUT_MS = 40_000;

/** A 404 with this problem code means "nothing to do", not a failure. */
const absent = (error: unknown, code: string): boolean =>
  error instanceof FaultAdminError && error.status === 404 && error.code === code;

export function deploymentsAdmin(options: DeploymentsOptions): DeploymentsAdmin {
  const supervisor = adminCall({
    baseUrl: options.supervisorUrl,
    token: options.token,
    name: 'supervisor',
    timeoutMs: CALL_TIMEOUT_MS,
  });
  const order = adminCall({
    baseUrl: options.orderUrl,
    token: options.token,
    name: 'order',
    timeoutMs: CALL_TIMEOUT_MS,
  });
  const stopCanary = async (): Promise<CanaryProcess | undefined> => {
    try {
      // The slot keeps the canary up after unlisting it until the Prometheus asking has dropped it.
      return (
        (await supervisor('DELETE', '/deployments/payment', undefined, STOP_TIMEOUT_MS)) as {
          rolledBack: CanaryProcess;
        }
      ).rolledBack;
    } catch (error) {
      if (absent(error, 'no_canary')) return undefined;
      throw error;
    }
  };

  return {
    async deploy(version, weightPercent, id) {
      const canary = (await supervisor(
        'PUT',
        '/deployments/payment',
        { version },
        options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      )) as CanaryProcess;
      try {
        const split = (await order('PUT', '/admin/deployments/payment', {
          version,
          url: canary.url,
          weightPercent,
          ...(id !== undefined && { id }),
        })) as TrafficSplit;
        return { canary, split };
      } catch (error) {
        // No canary left running with no traffic to explain it.
        await stopCanary().catch(() => undefined);
        throw error;
      }
    },
    async split() {
      const { items } = (await order('GET', '/admin/deployments')) as { items: TrafficSplit[] };
      const [payment] = items;
      if (!payment) throw new Error('order reported no deployment of payment');
      return payment;
    },
    async rollback(onTrafficMoved) {
      let trafficMoved = true;
      try {
        await order('DELETE', '/admin/deployments/payment');
      } catch (error) {
        if (!absent(error, 'no_canary')) throw error;
        trafficMoved = false;
      }
      onTrafficMoved?.(trafficMoved);
      return { trafficMoved, stopped: await stopCanary() };
    },
  };
}

export interface RunDeploymentsOptions {
  /** Aborting rolls back what the run shipped and ends it. */
  signal: AbortSignal;
  /** Each release once it runs and takes its share. */
  onDeployed?: (deployment: PlannedDeployment, deployed: Deployed) => void;
  /**
   * Each release once it is gone: rolled back by the run (its time was up, or the run was
   * stopped), or undefined when someone else rolled it back first (`faultline rollback payment`).
   */
  onRolledBack?: (deployment: PlannedDeployment, rolledBack: RolledBack | undefined) => void;
  /** How often the run asks order whether its canary still takes traffic (5 s by default). */
  pollMs?: number;
}

/**
 * Ships a scenario's releases on its timeline: each deployed as a canary when its time comes,
 * rolled back when its time is up. Ends early when the canary is rolled back from elsewhere;
 * aborting rolls back what it shipped.
 */
export async function runDeployments(
  plan: readonly PlannedDeployment[],
  admin: DeploymentsAdmin,
  options: RunDeploymentsOptions,
): Promise<{ stopped: boolean; shipped: number }> {
  const { signal } = options;
  const started = Date.now();
  const pollMs = options.pollMs ?? 5000;
  const aborted = () => signal.aborted;
  let shipped = 0;
  for (const deployment of plan) {
    await waitUntil(started, deployment.atMs, signal);
    if (signal.aborted) break;
    const deployed = await admin.deploy(
      deployment.version,
      deployment.canaryPercent,
      deployment.id,
    );
    shipped++;
    options.onDeployed?.(deployment, deployed);
    const endMs = deployment.atMs + deployment.durationSeconds * 1000;
    let rolledBackElsewhere = false;
    for (;;) {
      await waitUntil(started, Math.min(endMs, Date.now() - started + pollMs), signal);
      if (aborted() || Date.now() - started >= endMs) break;
      try {
        if ((await admin.split()).canary?.id !== deployment.id) {
          rolledBackElsewhere = true;
          break;
        }
      } catch {
        // Order not answering now may answer at the next poll; the canary stays ours till then.
      }
    }
    // Not inside the optional call: `f?.(await x)` skips evaluating `x` when `f` is absent.
    const rolledBack = rolledBackElsewhere ? undefined : await admin.rollback();
    options.onRolledBack?.(deployment, rolledBack);
  }
  return { stopped: signal.aborted, shipped };
}
