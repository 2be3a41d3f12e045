import { join } from 'node:path';
import { linkResolves, relativeLinks } from './links';
import { DOCS_DIR, filesUnder, readText } from './repo';

const pages = filesUnder(DOCS_DIR).filter((file) => file.endsWith('.md'));

describe('the relative links of docs/', () => {
  it('are found in every page that has them', () => {
    const count = pages.reduce(
      (sum, page) => sum + relativeLinks(readText(join(DOCS_DIR, page))).length,
      0,
    );
    expect(count).toBeGreaterThan(40);
  });

  it('all resolve to a file or folder of the repository', () => {
    const broken = pages.flatMap((page) => {
      const path = join(DOCS_DIR, page);
      return relativeLinks(readText(path))
        .filter((link) => !linkResolves(path, link.target))
        .map((link) => `docs/${page}:${link.line}: ${link.target}`);
    });
    expect(broken).toEqual([]);
  });
});

describe('the link check', () => {
  const page = join(DOCS_DIR, 'tutorial', 'README.md');

  it('finds inline links, images and reference definitions, and skips code and absolute URLs', () => {
    const markdown = [
      'See [the runbook](../runbooks/Watchdog.md#mitigate) and ![a graph](img/graph.png "title").',
      '[site](https://grafana.com/docs) [anchor](#top) `[code](nope.md)`',
      '```md',
      '[in a block](nope.md)',
      '```',
      '[ref]: ../workshop-host.md',
    ].join('\n');
    expect(relativeLinks(markdown)).toEqual([
      { line: 1, target: '../runbooks/Watchdog.md#mitigate' },
      { line: 1, target: 'img/graph.png' },
      { line: 6, target: '../workshop-host.md' },
    ]);
  });

  it('resolves a link against the page it is in, and reports one that points nowhere', () => {
    expect(linkResolves(page, '../runbooks/Watchdog.md#mitigate')).toBe(true);
    expect(linkResolves(page, '../../scenarios')).toBe(true);
    expect(linkResolves(page, '../runbooks/Watchdgo.md')).toBe(false);
  });
});
