import { sendStoredAnswer } from '@faultline/instrumented';
import type { Request, Response } from 'express';
import type { PassedAnswer } from '../domain/ports';

/**
 * Sends a service's answer on, status and body as given (problems as problem+json), except that a
 * problem's `instance` names the public path the customer asked for, not the internal one.
 */
export function sendPassedAnswer(req: Request, res: Response, answer: PassedAnswer): void {
  const { body } = answer;
  const isProblem = answer.status >= 400 && typeof body === 'object' && body !== null;
  sendStoredAnswer(res, {
    status: answer.status,
    body: isProblem ? { ...body, instance: req.originalUrl.split('?')[0] ?? '/' } : body,
  });
}
