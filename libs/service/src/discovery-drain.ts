/**
 * How long a target that left an HTTP service discovery list may still be scraped, as Prometheus
 * (2.x and 3.x alike) works: it asks the list every refresh_interval (5 s in infra/prometheus's
 * prometheus.yml and native.yml, and the Kubernetes backends' prometheus.yaml), its discovery
 * manager passes changes on at most every 5 s, and its scrape manager applies them at most every
 * 5 s (`DiscoveryReloadInterval`, never less than 5 s).
 */
export const DISCOVERY_TIMING = {
  /** The list's refresh_interval and a second: the next ask comes within this, if one comes. */
  nextPollWithinMs: 6000,
  /** After that ask: the discovery manager's 5 s, the scrape manager's 5 s and a second. */
  appliedWithinMs: 11_000,
};

export interface DiscoveryDrain {
  /** Record an ask of the list, answered with the list as it is now. */
  polled(): void;
  /**
   * Resolves once a discoverer that asks the list has dropped what left it just before: at once
   * when nobody has ever asked (nothing discovers through it), else after the next ask and the
   * time Prometheus takes to apply it; when no ask comes within `nextPollWithinMs` (whoever
   * asked before is not polling), it resolves then.
   */
  drained(): Promise<void>;
}

export function discoveryDrain(timing = DISCOVERY_TIMING): DiscoveryDrain {
  let everPolled = false;
  const waiting = new Set<() => void>();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    polled() {
      everPolled = true;
      for (const wake of waiting) wake();
      waiting.clear();
    },
    async drained() {
      if (!everPolled) return;
      const asked = await new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.delete(wake);
          resolve(false);
        }, timing.nextPollWithinMs);
        waiting.add(wake);
      });
      if (asked) await sleep(timing.appliedWithinMs);
    },
  };
}
