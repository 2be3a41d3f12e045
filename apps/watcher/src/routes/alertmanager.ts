import { parseOrThrow } from '@faultline/instrumented';
import type { RouteKit } from '@faultline/instrumented';
import { Router } from 'express';
import { receiveNotification } from '../domain/receive-notification';
import type { ReceiveNotificationDeps } from '../domain/receive-notification';
import { alertmanagerWebhookSchema } from './alertmanager-webhook';

/**
 * POST /alertmanager   Alertmanager's webhook (payload version 4, any receiver): 200 once kept,
 *                      400 problem+json naming the field when the payload is not one
 */
export function alertmanagerRoutes(kit: RouteKit, deps: ReceiveNotificationDeps): Router {
  const router = Router();
  router.post('/alertmanager', kit.json, (req, res) => {
    const webhook = parseOrThrow(alertmanagerWebhookSchema, req.body, 'body');
    const notification = receiveNotification(webhook, deps);
    res.json({ received: true, receiver: notification.receiver, status: notification.status });
  });
  return router;
}
