import { totalmem } from 'node:os';

/**
 * The memory this process may use before it is killed, in bytes, or undefined when nothing limits
 * it. In a container that is the cgroup's limit (what the kernel enforces); natively, where nothing
 * enforces one, FAULTLINE_MEMORY_LIMIT_MB stands in for it so a memory alert has a line to cross.
 */
export function memoryLimitBytes(
  env: Readonly<Record<string, string | undefined>> = process.env,
  constrained: number = process.constrainedMemory(),
  physical: number = totalmem(),
): number | undefined {
  // Without a cgroup limit Node answers 2^64 (or 0 on some platforms): not a limit.
  if (constrained > 0 && constrained < physical) return constrained;
  const configured = env['FAULTLINE_MEMORY_LIMIT_MB'];
  if (configured === undefined || configured === '') return undefined;
  const mb = Number(configured);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new Error(
      `FAULTLINE_MEMORY_LIMIT_MB: expected a positive number of MB, got "${configured}"`,
    );
  }
  return Math.round(mb * 1024 * 1024);
}
