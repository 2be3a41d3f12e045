/* global fetch, AbortSignal */
// The stand-in's network thread. The main thread posts one request, blocks on `done` with
// Atomics.wait, and reads the answer from `port` once this thread has flagged and notified `done`.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

const port = workerData.port;

async function answer({ method, url, headers, body, timeoutMs }) {
  try {
    const res = await fetch(url, {
      method,
      headers,
      body: body === null ? undefined : body,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      url: res.url,
      headers: Object.fromEntries(res.headers),
      body: text,
    };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { error: cause instanceof Error ? cause.message : String(cause) };
  }
}

parentPort.on('message', ({ id, request, done }) => {
  void answer(request).then((result) => {
    port.postMessage({ id, ...result });
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  });
});
