import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process on this machine whose DATABASE_URL names a database starting with `prefix`, or
 * that startStack labelled FAULTLINE_STACK=`prefix` (the watcher has no database): the services of
 * one test's stack, wherever they ended up (a child of the test, of npm start, or orphaned to
 * init). Linux's /proc; a process that exits while being read is skipped.
 */
export function servicePidsWithPrefix(prefix: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1')
          .split('\0')
          .some(
            (variable) =>
              (variable.startsWith('DATABASE_URL=') && variable.includes(`/${prefix}`)) ||
              variable === `FAULTLINE_STACK=${prefix}`,
          );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True while a process with this pid exists (signal 0 only checks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
