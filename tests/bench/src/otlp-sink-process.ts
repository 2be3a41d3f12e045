/**
 * Child process: the OTLP/HTTP receiver the instrumented stack exports to during load runs, kept out
 * of the bench's own process so parsing what arrives neither stalls the load generator nor grows its
 * heap. `reset` reports what arrived since the last reset and starts an empty receiver on the same
 * port (the receiver keeps everything it is sent).
 */
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';

export type SinkReply =
  | { type: 'ready'; url: string; port: number }
  | { type: 'reset'; spans: number; logs: number; spansByService: Record<string, number> };

const send = (reply: SinkReply): void => {
  process.send?.(reply);
};

async function main(): Promise<void> {
  let receiver: OtlpReceiver = await startOtlpReceiver(Number(process.argv[2] ?? 0));
  const port = receiver.port;
  send({ type: 'ready', url: receiver.url, port });
  process.on('message', (message: { type?: unknown }) => {
    if (message.type !== 'reset') return;
    const spans = receiver.spans();
    const spansByService: Record<string, number> = {};
    for (const span of spans)
      spansByService[span.service] = (spansByService[span.service] ?? 0) + 1;
    const logs = receiver.logs().length;
    void receiver
      .close()
      .then(() => startOtlpReceiver(port))
      .then((fresh) => {
        receiver = fresh;
        send({ type: 'reset', spans: spans.length, logs, spansByService });
      });
  });
  process.on('disconnect', () => {
    void receiver.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`OTLP sink failed: ${String(error)}\n`);
  process.exit(1);
});
