/** A span of time as a clock shows it: `m:ss`, or `h:mm:ss` from an hour on; never negative. */
export function clockOf(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** The same span in words, for a screen reader: "4 minutes 5 seconds". */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(total / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return said.length === 0 ? '0 seconds' : said.join(' ');
}

/**
 * When the countdown is worth saying out loud (a live region read every second is noise): each
 * whole minute, then at 30 and 10 seconds. The key changes only then.
 */
export function announcementKey(remainingMs: number): string | undefined {
  const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
  if (seconds === 30 || seconds === 10) return `s${seconds}`;
  if (seconds > 0 && seconds % 60 === 0) return `m${seconds / 60}`;
  return undefined;
}

/** An expiry time as the host reads it: the local clock time, and how long from `now`. */
export function untilText(until: string, now: number): string {
  const at = Date.parse(until);
  if (Number.isNaN(at)) return until;
  const time = new Date(at).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return `${time} (in ${clockOf(at - now)})`;
}
