/** How fast one client may go: `ratePerSecond` on average, `burst` at once. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

/** Whether a request goes on, and if not, how long its client should wait. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** A token bucket per client. */
export interface RateLimiter {
  admit(client: string): Admission;
}

export interface RateLimiterOptions {
  /** Milliseconds, monotonic enough for refills; injected by tests. */
  clock?: () => number;
  /**
   * Clients remembered at most (about 100 bytes each). Past it the least recently seen is
   * forgotten and starts again with a full bucket: memory stays bounded under a flood of addresses.
   */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets: each client starts with `burst` tokens, a request takes one, and tokens come back
 * at `ratePerSecond`. A refused request takes nothing and learns, in whole seconds, when a token
 * will be there again.
 */
export function createRateLimiter(limit: RateLimit, options: RateLimiterOptions = {}): RateLimiter {
  const clock = options.clock ?? (() => performance.now());
  const maxClients = options.maxClients ?? 10_000;
  // A Map iterates in insertion order: re-inserting on every visit keeps the least recently seen first.
  const buckets = new Map<string, Bucket>();

  const tokensNow = (client: string, now: number): number => {
    const bucket = buckets.get(client);
    if (!bucket) return limit.burst;
    buckets.delete(client);
    const refilled = ((now - bucket.at) / 1000) * limit.ratePerSecond;
    return Math.min(limit.burst, bucket.tokens + refilled);
  };

  const keep = (client: string, bucket: Bucket): void => {
    buckets.set(client, bucket);
    if (buckets.size > maxClients) {
      const oldest = buckets.keys().next();
      if (oldest.done !== true) buckets.delete(oldest.value);
    }
  };

  return {
    admit(client) {
      const now = clock();
      const tokens = tokensNow(client, now);
      if (tokens >= 1) {
        keep(client, { tokens: tokens - 1, at: now });
        return { admitted: true };
      }
      keep(client, { tokens, at: now });
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / limit.ratePerSecond));
      return { admitted: false, retryAfterSeconds };
    },
  };
}
