import { Router } from 'express';
import type { DeadMansSwitch } from '../domain/dead-mans-switch';
import type { NotificationInbox } from '../domain/notification-inbox';
import { renderPagerPage } from './pager-page';

export interface PagerDeps {
  inbox: NotificationInbox;
  deadman: DeadMansSwitch;
  clock: () => Date;
}

/**
 * The page is built from label values anyone able to reach the webhook chose: besides escaping
 * every one of them, the browser is told to run no script and load nothing from anywhere.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GET /               the pager page: dead man's switch banner, notifications newest first
 *                     (reloads every 15 s; `?refresh=off` stops that)
 * GET /notifications  the same as JSON: { deadman, items: [notification…] } newest first
 */
export function pagerRoutes({ inbox, deadman, clock }: PagerDeps): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res
      .set('content-security-policy', PAGE_POLICY)
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        renderPagerPage({
          notifications: inbox.list(),
          deadman: deadman.status(),
          now: clock(),
          refresh: req.query['refresh'] !== 'off',
        }),
      );
  });
  router.get('/notifications', (_req, res) => {
    const status = deadman.status();
    res.set('cache-control', 'no-store').json({
      deadman: {
        tripped: status.tripped,
        timeoutMs: status.timeoutMs,
        lastWatchdogAt: status.lastWatchdogAt?.toISOString() ?? null,
        silentSince: status.silentSince.toISOString(),
      },
      items: inbox.list(),
    });
  });
  return router;
}
