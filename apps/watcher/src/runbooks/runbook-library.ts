import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderRunbook } from './render-runbook';

/**
 * The repository's docs/runbooks, four folders up from this file's (apps/watcher/dist/runbooks,
 * or src/runbooks under ts-jest). The image keeps the same layout: /app/docs/runbooks beside
 * /app/apps/watcher (the Dockerfile copies it there for the watcher).
 */
export const REPO_RUNBOOKS_DIR = resolve(__dirname, '..', '..', '..', '..', 'docs', 'runbooks');

/** A page name the watcher serves: a runbook file's name without `.md` (letters, digits, - and _). */
const PAGE_FILE = /^([A-Za-z0-9_-]+)\.md$/;

/** The index: README.md, served at /runbooks/. */
const INDEX_NAME = 'README';

/** One runbook, rendered once at start. */
export interface RunbookPage {
  name: string;
  /** The text of its first `# ` heading (its file name when it has none). */
  title: string;
  html: string;
}

/** The runbooks the watcher serves, read once at start, or why there are none. */
export interface RunbookLibrary {
  dir: string;
  /** Every runbook but the index, by name (`PaymentSuccessRatioLow`). */
  pages: ReadonlyMap<string, RunbookPage>;
  /** README.md, when the folder has one. */
  index: RunbookPage | undefined;
  /** Set when the folder could not be read: the pages answer 404 and start-up says why. */
  missing?: string;
}

const titleOf = (markdown: string, name: string): string =>
  /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? name;

/** Every runbook of `dir`, rendered to HTML. Only files named like a page are read. */
export function readRunbooks(dir: string): Omit<RunbookLibrary, 'missing'> {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => PAGE_FILE.exec(entry.name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  const names = new Set(files.filter((name) => name !== INDEX_NAME));
  const rendered = files.map((name): RunbookPage => {
    const markdown = readFileSync(join(dir, `${name}.md`), 'utf8');
    return { name, title: titleOf(markdown, name), html: renderRunbook(markdown, names) };
  });
  return {
    dir,
    pages: new Map(rendered.filter((page) => page.name !== INDEX_NAME).map((p) => [p.name, p])),
    index: rendered.find((page) => page.name === INDEX_NAME),
  };
}

/**
 * The runbooks of RUNBOOKS_DIR. A folder given that does not read stops start-up (it was asked
 * for); the repository's missing only means a watcher without runbook pages, said in a warning,
 * so the pager and the synthetic checkout never stop for want of them.
 */
export function loadRunbookLibrary(configured: string | undefined): RunbookLibrary {
  const dir = resolve(configured ?? REPO_RUNBOOKS_DIR);
  if (configured === undefined && !existsSync(dir)) {
    return { dir, pages: new Map(), index: undefined, missing: `No runbooks in ${dir}.` };
  }
  try {
    return readRunbooks(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (configured !== undefined) throw new Error(`RUNBOOKS_DIR: ${reason}`, { cause: error });
    return { dir, pages: new Map(), index: undefined, missing: `No runbooks: ${reason}.` };
  }
}
