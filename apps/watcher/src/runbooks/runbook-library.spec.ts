import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_RUNBOOKS_DIR, loadRunbookLibrary } from './runbook-library';

describe('the runbook library', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'watcher-runbooks-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the repository's docs/runbooks by default, the folder the image keeps beside the app", () => {
    const library = loadRunbookLibrary(undefined);
    expect(library.dir).toBe(REPO_RUNBOOKS_DIR);
    expect(existsSync(join(library.dir, 'Watchdog.md'))).toBe(true);
    expect(library.missing).toBeUndefined();
    expect(library.pages.get('PaymentSuccessRatioLow')?.title).toBe('PaymentSuccessRatioLow');
    expect(library.index?.title).toBe('Runbooks');
  });

  it('serves only Markdown files named like a page, README as the index', () => {
    writeFileSync(join(dir, 'README.md'), '# Index\n\n[A](AlertA.md)\n');
    writeFileSync(join(dir, 'AlertA.md'), '# AlertA\n\ntext\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a page');
    writeFileSync(join(dir, 'with space.md'), '# not served\n');
    mkdirSync(join(dir, 'Folder.md'));
    const library = loadRunbookLibrary(dir);
    expect([...library.pages.keys()]).toEqual(['AlertA']);
    expect(library.index?.html).toContain('<a href="/runbooks/AlertA">A</a>');
  });

  it('stops start-up naming RUNBOOKS_DIR when a folder given does not read', () => {
    expect(() => loadRunbookLibrary(join(dir, 'nowhere'))).toThrow(/^RUNBOOKS_DIR: .*nowhere/);
  });
});
