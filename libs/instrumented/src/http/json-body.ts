import express from 'express';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import { bodyProblem } from './body-errors';
import { findNulCharacter } from './nul-character';

/**
 * The JSON body parser routes use: objects and arrays only, at most `limit`, its failures mapped to
 * 4xx problems naming `body`, and any string holding U+0000 refused with 400 naming its field.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse: RequestHandler = express.json({ limit, strict: true });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(bodyProblem(error, req));
        return;
      }
      const nul = findNulCharacter(req.body, 'body');
      if (nul) {
        next(AppError.validation([nul]));
        return;
      }
      next();
    });
  };
}
