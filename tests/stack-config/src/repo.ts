import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root (tests/stack-config/src → ../../..). */
export const REPO = resolve(__dirname, '..', '..', '..');

export const repoPath = (...parts: string[]): string => join(REPO, ...parts);

/** Parses a YAML file of the repository (merge keys `<<:` resolved, as Compose does). */
// The caller names the shape it expects; a test that reads a missing field fails on its own.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function readYaml<T = unknown>(path: string): T {
  return parse(readFileSync(repoPath(path), 'utf8'), { merge: true }) as T;
}

/** Every file under `dir` (relative to the repository), recursively, as repository paths. */
export function filesUnder(dir: string): string[] {
  const root = repoPath(dir);
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(relative(REPO, full));
    }
  };
  walk(root);
  return found.sort();
}
