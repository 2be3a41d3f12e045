import { readFileSync } from 'node:fs';
import { repoPath } from './repo';

/** A .dockerignore pattern as a regular expression over a path of the build context. */
function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i] ?? '';
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (character === '*') source += '[^/]*';
    else if (character === '?') source += '[^/]';
    else source += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether Docker leaves `path` (relative to the repository) out of the build context: the last
 * .dockerignore pattern that matches it, or one of its parent folders, decides; `!` keeps it.
 */
export function dockerIgnores(path: string, dockerignore = repoPath('.dockerignore')): boolean {
  const patterns = readFileSync(dockerignore, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const parts = path.split('/');
  const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const line of patterns) {
    const keep = line.startsWith('!');
    const regex = patternRegex((keep ? line.slice(1) : line).replace(/^\//, ''));
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !keep;
  }
  return ignored;
}
