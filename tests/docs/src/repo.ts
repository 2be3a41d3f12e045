import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** The repository root (tests/docs/src → ../../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** docs/: every Markdown file under it is checked. */
export const DOCS_DIR = join(REPO_ROOT, 'docs');

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/** Every file under `dir` (absolute), recursively, as paths relative to it with `/` separators. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
