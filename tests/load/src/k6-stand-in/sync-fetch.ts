import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

export type WireAnswer =
  | { status: number; url: string; headers: Record<string, string>; body: string }
  | { error: string };

let fetcher: { worker: Worker; port: MessagePort } | undefined;
let lastId = 0;

function started(): { worker: Worker; port: MessagePort } {
  if (fetcher) return fetcher;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(join(__dirname, 'fetch-worker.cjs'), {
    workerData: { port: port2 },
    transferList: [port2],
  });
  worker.unref();
  fetcher = { worker, port: port1 };
  return fetcher;
}

/**
 * Makes one real HTTP request and blocks until its answer is in, as k6's http calls do: a worker
 * thread runs Node's (asynchronous) fetch while this thread waits on a shared flag.
 */
export function fetchSync(request: WireRequest): WireAnswer {
  const { worker, port } = started();
  const id = ++lastId;
  const done = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ id, request, done });
  const waitMs = request.timeoutMs + 5_000;
  if (Atomics.wait(done, 0, 0, waitMs) === 'timed-out') {
    return { error: `the fetch worker gave no answer within ${waitMs} ms` };
  }
  // Answers to requests that timed out above may still be queued: skip them.
  for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
    const answer = received.message as WireAnswer & { id: number };
    if (answer.id === id) return answer;
  }
  throw new Error(`the fetch worker flagged request ${id} as answered but sent no answer`);
}

/** Ends the worker thread (the next request starts a new one). */
export async function stopFetching(): Promise<void> {
  const running = fetcher;
  fetcher = undefined;
  if (!running) return;
  running.port.close();
  await running.worker.terminate();
}
