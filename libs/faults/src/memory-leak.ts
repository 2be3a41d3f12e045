import type { FaultParams } from './rule';

/**
 * Retains allocations at a steady rate, the way a cache without eviction does, up to a cap; all of
 * it becomes garbage again when the fault is removed or expires.
 */
export function startMemoryLeak({ mbPerMinute, maxMb }: FaultParams<'memory_leak'>): () => void {
  const perTick = Math.max(1, Math.round((mbPerMinute * 1024 * 1024) / 60));
  let retained: Buffer[] = [];
  let total = 0;
  const timer = setInterval(() => {
    if (total + perTick > maxMb * 1024 * 1024) return;
    retained.push(Buffer.alloc(perTick, 1));
    total += perTick;
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    retained = [];
    total = 0;
  };
}
