import { createServiceApp } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { Express } from 'express';
import type { WatcherDeps } from './compose';
import { alertmanagerRoutes } from './routes/alertmanager';
import { pagerRoutes } from './routes/pager';
import { runbookRoutes } from './routes/runbooks';
import type { RunbookLibrary } from './runbooks/runbook-library';

export interface WatcherAppDeps {
  logger: Logger;
  metrics: Metrics;
  /** What composeWatcher wired. */
  watcher: WatcherDeps;
  /** The runbooks read at start, served at /runbooks/<alert> (every alert's runbook_url). */
  runbooks: RunbookLibrary;
}

/**
 * Alertmanager groups many alerts into one notification: room for a large group (what the pager
 * keeps of it is trimmed, see domain/notification.ts).
 */
const WEBHOOK_BODY_LIMIT = '256kb';

/**
 * The watcher's HTTP app; it never listens (see main.ts). Ready as soon as it listens: it depends
 * on nothing, and reporting the shop's failures is exactly what it must go on doing.
 */
export function createApp({ logger, metrics, watcher, runbooks }: WatcherAppDeps): Express {
  return createServiceApp({ logger, metrics, jsonLimit: WEBHOOK_BODY_LIMIT }, (app, kit) => {
    app.use(alertmanagerRoutes(kit, watcher.notifications));
    app.use(
      pagerRoutes({
        inbox: watcher.notifications.inbox,
        deadman: watcher.notifications.deadman,
        clock: watcher.clock,
      }),
    );
    app.use(runbookRoutes(runbooks));
  });
}
