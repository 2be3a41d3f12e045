import type { InvalidParam } from '../errors';

const NUL = '\u0000';
const REASON = 'must not contain the NUL character (U+0000)';

/**
 * The first string (or property name) in a parsed JSON value that holds U+0000, named like a
 * validation error (`body.lines.1.sku`). PostgreSQL refuses NUL in text and jsonb (22P05/22021), so
 * such input must be turned away at the edge, not fail as a 500 at the insert.
 * One pass over the value with an explicit stack: deep nesting cannot overflow the call stack, and
 * names are only built for containers, not for every leaf.
 */
export function findNulCharacter(value: unknown, name: string): InvalidParam | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? { name, reason: REASON } : undefined;
  const pending: { value: object; name: string }[] = [];
  if (value !== null && typeof value === 'object') pending.push({ value, name });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const [key, child] of Object.entries(next.value) as [string, unknown][]) {
      if (key.includes(NUL)) {
        return { name: next.name, reason: `property names ${REASON}` };
      }
      if (typeof child === 'string') {
        if (child.includes(NUL)) return { name: `${next.name}.${key}`, reason: REASON };
      } else if (child !== null && typeof child === 'object') {
        pending.push({ value: child, name: `${next.name}.${key}` });
      }
    }
  }
  return undefined;
}
