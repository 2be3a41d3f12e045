import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a stand-in received it. */
export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a stand-in answers: a status and JSON body, or no answer at all. */
export type Reply =
  { status: number; body?: unknown; contentType?: string } | { hang: true } | { reset: true };

export type Handler = (request: Received) => Reply;

/** A real HTTP server standing in for a service the gateway calls; it keeps every request. */
export interface StandIn {
  url: string;
  received: Received[];
  /** Replaces how it answers (until the next call). */
  answer(handler: Handler): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  if ('hang' in reply) return;
  if ('reset' in reply) {
    res.socket?.resetAndDestroy();
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const type =
    reply.contentType ??
    (reply.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8');
  res.writeHead(reply.status, { 'content-type': type }).end(text);
}

export async function startStandIn(handler: Handler): Promise<StandIn> {
  let current = handler;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      send(res, current(request));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answer: (next) => {
      current = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
