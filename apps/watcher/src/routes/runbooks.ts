import { AppError } from '@faultline/instrumented';
import { Router } from 'express';
import type { Response } from 'express';
import type { RunbookLibrary, RunbookPage } from '../runbooks/runbook-library';
import { RUNBOOKS_PATH } from '../runbooks/render-runbook';
import { documentHead, escapeHtml } from './pager-page';
import { PAGE_POLICY } from './pager';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b;background:#fff}
nav{font-size:.9rem;margin-bottom:1rem}
h1{margin:.2rem 0}h2{font-size:1.25rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
pre{background:#f6f6f6;padding:.6rem .8rem;overflow-x:auto;border-radius:.3rem}
code{font-size:.9em}
table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
a{color:#0645ad}.repository-path{font-style:italic}
`;

/** A runbook as a page: the pager and the index a click away, the runbook's own HTML below. */
export function renderRunbookPage(page: RunbookPage): string {
  return [
    ...documentHead(`${escapeHtml(page.title)} · Faultline runbooks`, STYLE),
    '<body>',
    `<nav><a href="/">Pager</a> · <a href="${RUNBOOKS_PATH}">All runbooks</a></nav>`,
    `<main>${page.html}</main>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** Runbooks change with the repository, not while the watcher runs: cached, but revalidated. */
function sendPage(res: Response, page: RunbookPage): void {
  res
    .set('content-security-policy', PAGE_POLICY)
    .set('cache-control', 'no-cache')
    .type('html')
    .send(renderRunbookPage(page));
}

/** A name asked for that is no runbook: 404 problem+json (the name is never used as a path). */
function noRunbook(name: string, library: RunbookLibrary): AppError {
  const known =
    library.missing === undefined
      ? `See ${RUNBOOKS_PATH} for the runbooks there are.`
      : 'This watcher found no runbooks at start: its log says where it looked.';
  return new AppError(
    'runbook_not_found',
    404,
    `No runbook named "${name.slice(0, 100)}". ${known}`,
  );
}

/**
 * GET /runbooks          the index (docs/runbooks/README.md)
 * GET /runbooks/<name>   one alert's runbook (docs/runbooks/<name>.md) as a page; `<name>.md`
 *                        redirects there. Only the runbooks read at start are served, by name:
 *                        any other name is 404 problem+json, never a file looked up.
 */
export function runbookRoutes(library: RunbookLibrary): Router {
  const router = Router();
  router.get('/runbooks', (_req, res) => {
    if (library.index === undefined) throw noRunbook('README', library);
    sendPage(res, library.index);
  });
  router.get('/runbooks/:name', (req, res) => {
    const { name } = req.params;
    const page = library.pages.get(name);
    if (page !== undefined) {
      sendPage(res, page);
      return;
    }
    const stem = /^(.+)\.md$/.exec(name)?.[1];
    if (stem !== undefined && library.pages.has(stem)) {
      res.redirect(301, `${RUNBOOKS_PATH}${stem}`);
      return;
    }
    throw noRunbook(name, library);
  });
  return router;
}
