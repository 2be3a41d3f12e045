// Start-up and idle RSS of the fixture service under the telemetry preload, per instrumentation
// mode (curated, auto) and with the SDK disabled, interleaved over several runs, medians printed.
// Needs a build (dist). Run on a quiet machine:
//   node libs/instrumented/test/measure-instrumentation-modes.cjs [runs]
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { setTimeout } = require('node:timers');

const REGISTER = join(__dirname, '../dist/telemetry/register.js');
const FIXTURE = join(__dirname, 'fixtures/traced-service.cjs');
const RUNS = Number(process.argv[2] ?? 5);
const IDLE_MS = 3000;
const MODES = {
  curated: { FAULTLINE_INSTRUMENTATIONS: 'curated' },
  auto: { FAULTLINE_INSTRUMENTATIONS: 'auto' },
  off: { OTEL_SDK_DISABLED: 'true' },
};

const rssMb = (pid) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : NaN;
};

function once(mode) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', REGISTER, FIXTURE], {
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_SERVICE_NAME: 'fixture',
        // Nothing is exported while idle: no collector needed.
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_BSP_SCHEDULE_DELAY: '600000',
        ...MODES[mode],
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      if (!out.includes('"service_listening"') || child.listenedMs !== undefined) return;
      child.listenedMs = Number(process.hrtime.bigint() - started) / 1e6;
      setTimeout(() => {
        const rss = rssMb(child.pid);
        child.kill('SIGKILL');
        resolve({ listenMs: child.listenedMs, rss });
      }, IDLE_MS);
    });
    child.once('exit', (code) => {
      if (child.listenedMs === undefined) reject(new Error(`${mode} exited with ${code}: ${out}`));
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

(async () => {
  const results = Object.fromEntries(Object.keys(MODES).map((m) => [m, []]));
  for (let run = 0; run < RUNS; run++) {
    const order = Object.keys(MODES);
    for (let i = 0; i < run % order.length; i++) order.push(order.shift());
    for (const mode of order) results[mode].push(await once(mode));
  }
  for (const [mode, runs] of Object.entries(results)) {
    const listen = runs.map((r) => r.listenMs);
    const rss = runs.map((r) => r.rss);
    process.stdout.write(
      `${mode}: listening ${median(listen).toFixed(0)} ms (${listen.map((v) => v.toFixed(0)).join(', ')}), ` +
        `idle RSS ${median(rss).toFixed(1)} MB (${rss.map((v) => v.toFixed(1)).join(', ')})\n`,
    );
  }
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
