import { AppError, noAnswerReason } from '@faultline/instrumented';
import type { PassedAnswer } from '../domain/ports';

/** Who the control room passes a call on to: a service of this stack, or another stack's gateway. */
export interface PassOnPeer {
  kind: 'service' | 'stack';
  name: string;
  baseUrl: string;
}

/** A call as the control room's browser made it: passed on as it came. */
export interface PassOnRequest {
  method: string;
  /** The JSON body, when there was one. */
  body?: unknown;
  /** The caller's Authorization header: the peer checks it too. */
  authorization?: string;
}

/**
 * Passes one call of the control room on to `path` below a peer's base URL and its answer back,
 * status and JSON body as the peer gave them. Plain fetch, not the shop's clients: their breakers
 * and the gateway.http fault point must never stand between a host and clearing a fault. Never
 * follows a redirect. No answer (refused, timed out) is a 503 naming the peer; an answer broken
 * off, not JSON, or a redirect, a 502.
 */
export async function passOn(
  peer: PassOnPeer,
  path: string,
  request: PassOnRequest,
  timeoutMs: number,
): Promise<PassedAnswer> {
  const baseUrl = peer.baseUrl.replace(/\/+$/, '');
  const named = { [peer.kind]: peer.name };
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.authorization !== undefined && { authorization: request.authorization }),
        ...(request.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AppError(
      `${peer.kind}_unreachable`,
      503,
      `${peer.name} is not reachable at ${baseUrl} (${noAnswerReason(error)}).`,
      { cause: error, extensions: named },
    );
  }
  const badAnswer = (detail: string, cause?: unknown) =>
    new AppError(`${peer.kind}_bad_answer`, 502, `${peer.name} ${detail}.`, {
      cause,
      extensions: named,
    });
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw badAnswer(
      `answered ${response.status}, a redirect the control room does not follow (to ${response.headers.get('location') ?? 'nowhere'})`,
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw badAnswer('broke its answer off', error);
  }
  if (text === '') return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch (error) {
    throw badAnswer(`answered ${response.status} with a body that is not JSON`, error);
  }
}
