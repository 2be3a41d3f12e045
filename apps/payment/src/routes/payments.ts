import { AppError, parseOrThrow, sendStoredAnswer } from '@faultline/instrumented';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { PaymentRepository } from '../data/payment-repository';
import { cardDigits, isExpired, passesLuhn } from '../domain/card';
import type { ChargePayment } from '../domain/charge-payment';
import type { Payment } from '../domain/payment';
import { IDEMPOTENCY_KEY, PAYMENT_ID, paymentView } from '../domain/payment';

/** The largest amount accepted: one million in major units, well within the integer column. */
const MAX_AMOUNT_MINOR = 100_000_000;

/** A charge request: the Idempotency-Key header and the body, validated together. */
function chargeRequest(clock: () => Date) {
  return z.object({
    header: z.object({
      'Idempotency-Key': z
        .string({ error: 'is required' })
        .regex(IDEMPOTENCY_KEY, 'must be 1 to 128 characters of A-Z, a-z, 0-9, ":", "_", "-"'),
    }),
    body: z.object({
      orderId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
      amount: z.object({
        amount: z
          .number()
          .int('must be a whole number of minor units')
          .positive('must be more than zero')
          .max(MAX_AMOUNT_MINOR, `must be at most ${MAX_AMOUNT_MINOR} minor units`),
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code like EUR'),
      }),
      card: z.object({
        number: z
          .string()
          .max(40, 'must be 12 to 19 digits')
          .transform(cardDigits)
          .pipe(
            z
              .string()
              .regex(/^\d{12,19}$/, { message: 'must be 12 to 19 digits', abort: true })
              .refine(passesLuhn, 'is not a valid card number'),
          ),
        expiry: z
          .string()
          .regex(/^(0[1-9]|1[0-2])\/\d{2}$/, { message: 'must be MM/YY', abort: true })
          .refine((expiry) => !isExpired(expiry, clock()), 'the card has expired'),
        cvv: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
      }),
    }),
  });
}

const idParams = z.object({ id: z.string().regex(PAYMENT_ID, 'must be a UUID') });

export interface PaymentRouteDeps {
  chargePayment: ChargePayment;
  refundPayment: (id: string) => Promise<Payment>;
  payments: PaymentRepository;
  clock: () => Date;
}

/**
 * POST /payments       charge a card once per Idempotency-Key (201, 402 declined, 409, 422, 502)
 * GET  /payments/:id   one payment, card shown by brand and last four digits
 * POST /payments/:id/refund   give a captured payment's money back (200; again: the same; 409 not captured)
 */
export function paymentRoutes(deps: PaymentRouteDeps, json: RequestHandler): Router {
  const router = Router();
  const chargeSchema = chargeRequest(deps.clock);
  router.post('/payments', json, async (req, res) => {
    const { header, body } = parseOrThrow(chargeSchema, {
      header: { 'Idempotency-Key': req.get('Idempotency-Key') },
      body: req.body as unknown,
    });
    const answer = await deps.chargePayment({ idempotencyKey: header['Idempotency-Key'], ...body });
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
    res.json(paymentView(await deps.refundPayment(id)));
  });
  return router;
}
