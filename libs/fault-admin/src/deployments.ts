import { FaultAdminError, adminCall } from './fault-admin';

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
  canary: { version: string; baseUrl: string; weightPercent: number } | null;
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
   * When order refuses the route, the canary is stopped again and the refusal thrown.
   */
  deploy(version: string, weightPercent: number): Promise<Deployed>;
  /** Traffic first (order: every charge to the stable release), then the canary process. */
  rollback(): Promise<RolledBack>;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 5000;

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
      return ((await supervisor('DELETE', '/deployments/payment')) as { rolledBack: CanaryProcess })
        .rolledBack;
    } catch (error) {
      if (absent(error, 'no_canary')) return undefined;
      throw error;
    }
  };

  return {
    async deploy(version, weightPercent) {
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
        })) as TrafficSplit;
        return { canary, split };
      } catch (error) {
        // No canary left running with no traffic to explain it.
        await stopCanary().catch(() => undefined);
        throw error;
      }
    },
    async rollback() {
      let trafficMoved = true;
      try {
        await order('DELETE', '/admin/deployments/payment');
      } catch (error) {
        if (!absent(error, 'no_canary')) throw error;
        trafficMoved = false;
      }
      return { trafficMoved, stopped: await stopCanary() };
    },
  };
}
