import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNBOOKS_DIR } from './paths';

/** Where every alert's runbook_url points: the page docs/runbooks/<alert>.md on GitHub. */
export const runbookUrl = (alert: string): string =>
  `https://github.com/faultline-demo/faultline/blob/main/docs/runbooks/${alert}.md`;

export const runbookPath = (alert: string): string => join(RUNBOOKS_DIR, `${alert}.md`);

/** The sections every runbook has, in this order. */
export const RUNBOOK_SECTIONS = [
  'What it means',
  'First three queries',
  'Likely causes',
  'Mitigate',
  'Confirm recovery',
] as const;

export interface Runbook {
  alert: string;
  /** `## ` headings, in order. */
  sections: string[];
  /** The text under each `## ` heading. */
  body: Map<string, string>;
}

/** Reads docs/runbooks/<alert>.md, or undefined when there is none. */
export function readRunbook(alert: string): Runbook | undefined {
  const path = runbookPath(alert);
  if (!existsSync(path)) return undefined;
  const body = new Map<string, string>();
  let current = '';
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading?.[1] !== undefined) {
      current = heading[1].trim();
      body.set(current, '');
    } else if (current) {
      body.set(current, `${body.get(current) ?? ''}${line}\n`);
    }
  }
  return { alert, sections: [...body.keys()], body };
}

/** The contents of the ```promql fenced blocks of a Markdown text, one query each. */
export function promqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```promql\n([\s\S]*?)^```$/gm)].map((match) =>
    (match[1] ?? '').trim(),
  );
}
