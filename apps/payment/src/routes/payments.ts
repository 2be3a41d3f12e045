import { chargeRequestSchema, idempotencyHeaderSchema } from '@faultline/contracts';
import { AppError, parseOrThrow, sendStoredAnswer } from '@faultline/instrumented';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { chargePayment } from '../domain/charge-payment';
import { PAYMENT_ID, paymentView } from '../domain/payment';
import type { PaymentDeps } from '../domain/payment-deps';
import { refundPayment } from '../domain/refund-payment';

/** A charge request: the Idempotency-Key header and the body, validated together. */
const chargeRequest = (clock: () => Date) =>
  z.object({ header: idempotencyHeaderSchema, body: chargeRequestSchema(clock) });

const idParams = z.object({ id: z.string().regex(PAYMENT_ID, 'must be a UUID') });

/**
 * POST /payments       charge a card once per Idempotency-Key (201, 402 declined, 409, 422, 502)
 * GET  /payments/:id   one payment, card shown by brand and last four digits
 * POST /payments/:id/refund   give a captured payment's money back (200; again: the same; 409 not captured)
 */
export function paymentRoutes(deps: PaymentDeps, json: RequestHandler): Router {
  const router = Router();
  const chargeSchema = chargeRequest(deps.clock);
  router.post('/payments', json, async (req, res) => {
    const { header, body } = parseOrThrow(chargeSchema, {
      header: { 'Idempotency-Key': req.get('Idempotency-Key') },
      body: req.body as unknown,
    });
    const answer = await deps.resetGate.pass(() =>
      chargePayment(deps, { idempotencyKey: header['Idempotency-Key'], ...body }),
    );
    if (answer.status === 201) res.location(`/payments/${answer.paymentId}`);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    sendStoredAnswer(res, answer);
  });
  router.get('/payments/:id', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const payment = await deps.payments.findById(id);
    if (!payment) throw new AppError('payment_not_found', 404, `Payment ${id} does not exist.`);
    res.json(paymentView(payment));
  });
  router.post('/payments/:id/refund', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    res.json(paymentView(await deps.resetGate.pass(() => refundPayment(deps, id))));
  });
  return router;
}
