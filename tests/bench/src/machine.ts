import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  /** 1-minute load average when the bench started and when it ended: other work on the machine. */
  loadBefore: number;
  loadAfter?: number;
}

/** What `nproc`, /proc/cpuinfo and the runtime say about where the figures were taken. */
export function describeMachine(): Machine {
  let cpuModel = 'unknown';
  try {
    cpuModel =
      /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ??
      cpuModel;
  } catch {
    // not Linux
  }
  return {
    cores: availableParallelism(),
    cpuModel,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadBefore: loadavg()[0] ?? Number.NaN,
  };
}
