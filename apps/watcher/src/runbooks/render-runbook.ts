import MarkdownIt from 'markdown-it';

/** Where the watcher serves the runbooks: /runbooks/ (the index) and /runbooks/<name>. */
export const RUNBOOKS_PATH = '/runbooks/';

/** A link to a page of the runbooks folder: `Name.md`, `Name.md#section`, `README.md`. */
const RUNBOOK_LINK = /^([A-Za-z0-9_-]+)\.md(#[\w-]*)?$/;
/** A link with a scheme (`https:`, `mailto:`), to an anchor, or to a path of this site. */
const NOT_RELATIVE = /^([a-z][a-z0-9+.-]*:|#|\/)/i;

/**
 * Raw HTML in the Markdown is shown as text (`html: false`) and markdown-it's own link check
 * drops `javascript:`, `vbscript:`, `file:` and `data:` links: a runbook can only ever produce
 * the markup Markdown itself produces.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** GitHub's heading anchors (`## Confirm recovery` → `#confirm-recovery`), so the same links work. */
export const headingSlug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

/**
 * Where a link of a runbook goes once served: another runbook's page, the index, or, for a
 * relative link to a file the watcher does not serve (elsewhere in the repository), nowhere: it
 * is shown as text, never as a link that would answer 404.
 */
function servedHref(href: string, names: ReadonlySet<string>): string | undefined {
  if (NOT_RELATIVE.test(href)) return href;
  const runbook = RUNBOOK_LINK.exec(href);
  if (!runbook?.[1]) return undefined;
  const fragment = runbook[2] ?? '';
  if (runbook[1] === 'README') return `${RUNBOOKS_PATH}${fragment}`;
  return names.has(runbook[1]) ? `${RUNBOOKS_PATH}${runbook[1]}${fragment}` : undefined;
}

/** Rewrites every link of the page for where it is served, and gives headings their anchors. */
function forServing(tokens: MarkdownIt.Token[], names: ReadonlySet<string>): void {
  tokens.forEach((token, index) => {
    if (token.type === 'heading_open') {
      const text = tokens[index + 1]?.content ?? '';
      token.attrSet('id', headingSlug(text));
    }
    if (token.type !== 'inline') return;
    let unserved = false;
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') {
        const href = servedHref(String(child.attrGet('href') ?? ''), names);
        unserved = href === undefined;
        if (unserved) {
          child.tag = 'span';
          child.attrs = [['class', 'repository-path']];
        } else {
          child.attrSet('href', href ?? '');
        }
      } else if (child.type === 'link_close' && unserved) {
        child.tag = 'span';
        unserved = false;
      }
    }
  });
}

/**
 * One runbook's Markdown as HTML for the watcher's /runbooks pages. `names` are the runbooks of
 * the folder (file names without `.md`): links to them are served, links to other files are not.
 */
export function renderRunbook(source: string, names: ReadonlySet<string>): string {
  const env = {};
  const tokens = markdown.parse(source, env);
  forServing(tokens, names);
  return markdown.renderer.render(tokens, markdown.options, env);
}
