import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNBOOKS_DIR } from './paths';

/** The watcher as compose publishes it (127.0.0.1:3005); npm start runs it on the same port. */
export const WATCHER_URL = 'http://localhost:3005';

/** Where the watcher serves docs/runbooks/<alert>.md: /runbooks/<alert>. */
export const RUNBOOKS_PATH = '/runbooks/';

/** Where every alert's runbook_url points: the watcher's page of docs/runbooks/<alert>.md. */
export const runbookUrl = (alert: string): string => `${WATCHER_URL}${RUNBOOKS_PATH}${alert}`;

export const runbookPath = (alert: string): string => join(RUNBOOKS_DIR, `${alert}.md`);

/** The sections every runbook has, in this order. */
export const RUNBOOK_SECTIONS = [
  'What it means',
  'Impact',
  'Dashboards and Explore',
  'First three queries',
  'Likely causes',
  'Mitigate',
  'Confirm recovery',
  'Owner and escalation',
] as const;

/** The items of every runbook's "Owner and escalation" section, in this order. */
export const ESCALATION_ITEMS = ['Owner', 'First responder', 'Escalate', 'Tell'] as const;

/** The teams of the demo's organisation that own alerts (docs/runbooks/README.md introduces them). */
export const OWNERS = ['payments team', 'shop platform team', 'SRE team'] as const;

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
