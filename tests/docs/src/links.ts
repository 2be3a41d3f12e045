import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface MarkdownLink {
  line: number;
  target: string;
}

const INLINE_LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;
const CLOSING_FENCE = /^\s*(`{3,}|~{3,})\s*$/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/**
 * The relative links of a Markdown text (inline links, images and reference definitions), outside
 * code. Absolute URLs (`scheme:`), bare anchors (`#…`) and site-absolute paths are left out.
 */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((line, index) => {
    if (fence === undefined) {
      fence = FENCE.exec(line)?.[1];
      if (fence !== undefined) return;
    } else {
      const closing = CLOSING_FENCE.exec(line)?.[1];
      if (closing?.startsWith(fence)) fence = undefined;
      return;
    }
    const prose = line.replace(INLINE_CODE, '');
    const targets = [...prose.matchAll(INLINE_LINK)].map((match) => match[1] ?? '');
    const definition = REFERENCE_DEFINITION.exec(prose)?.[1];
    if (definition !== undefined) targets.push(definition);
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/'))
        continue;
      links.push({ line: index + 1, target });
    }
  });
  return links;
}

/** Whether a relative link from `fromFile` points at an existing file or folder. */
export function linkResolves(fromFile: string, target: string): boolean {
  const path = decodeURIComponent(target.split('#')[0] ?? '');
  if (path === '') return true;
  return existsSync(join(dirname(fromFile), path));
}
