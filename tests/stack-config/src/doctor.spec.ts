/**
 * Runs the real scripts/doctor.sh with bash, with a temporary folder first on PATH that holds a
 * fake `docker` (and, where a test needs one, fake `df`, `ss`, `uname`, `docker-compose`): small
 * bash scripts whose answers come from environment variables the test sets. No Docker engine is
 * needed; the ports the script checks are real sockets, bound by the test itself.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompose, mebibytes } from './compose-model';
import { repoPath } from './repo';
import { freePort } from '@faultline/instrumented/testing';

const SCRIPT = repoPath('scripts/doctor.sh');
const GIB = 1024 ** 3;

const FAKE_DOCKER = `#!/usr/bin/env bash
# Test double of the docker CLI: every answer comes from a FAKE_* variable the test sets.
daemon() {
  if [ "$FAKE_DOCKER_DAEMON" != up ]; then
    echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2
    exit 1
  fi
}
optional() { if [ -z "$1" ]; then echo "docker: '$2' is not a docker command." >&2; exit 1; fi; echo "$1"; }
case "$*" in
  'info') daemon; echo 'Server:' ;;
  'info --format {{.OperatingSystem}}') daemon; echo "$FAKE_DOCKER_OS" ;;
  'info --format {{.MemTotal}}') daemon; echo "$FAKE_DOCKER_MEM_BYTES" ;;
  'info --format {{.Architecture}}') daemon; echo "$FAKE_DOCKER_ARCH" ;;
  'info --format {{.DockerRootDir}}') daemon; echo "$FAKE_DOCKER_ROOT" ;;
  'version --format {{.Server.Version}}') daemon; echo "$FAKE_DOCKER_VERSION" ;;
  'compose version --short') optional "$FAKE_COMPOSE_VERSION" compose ;;
  'compose version') optional "\${FAKE_COMPOSE_VERSION:+Docker Compose version v$FAKE_COMPOSE_VERSION}" compose ;;
  'buildx version') optional "\${FAKE_BUILDX_VERSION:+github.com/docker/buildx v$FAKE_BUILDX_VERSION 1a2b3c4}" buildx ;;
  'ps --format {{.Names}} {{.Ports}}') daemon; printf '%s\\n' "$FAKE_DOCKER_PS" ;;
  'image inspect '*) daemon; [ "$FAKE_IMAGES_PRESENT" = yes ] ;;
  *) echo "fake docker: unexpected arguments: $*" >&2; exit 99 ;;
esac
`;

/** `ss -ltnp` on a machine where nothing listens; tests about real sockets remove it. */
const FAKE_SS_NOTHING_LISTENS = `#!/usr/bin/env bash
echo 'State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process'
`;

const FAKE_DF = `#!/usr/bin/env bash
echo 'Filesystem     1024-blocks    Used Available Capacity Mounted on'
echo "/dev/fake        999999999    1000 $FAKE_DF_AVAIL_KB      1% /"
`;

/** Everything fine: a recent engine on Linux, 8 GiB, 50 GiB free. Tests change one thing each. */
const GOOD = {
  FAKE_DOCKER_DAEMON: 'up',
  FAKE_DOCKER_OS: 'Ubuntu 24.04.3 LTS',
  FAKE_DOCKER_MEM_BYTES: String(8 * GIB),
  FAKE_DOCKER_ARCH: 'x86_64',
  FAKE_DOCKER_VERSION: '28.5.1',
  FAKE_COMPOSE_VERSION: '2.40.3',
  FAKE_BUILDX_VERSION: '0.29.1',
  FAKE_DOCKER_PS: '',
  FAKE_IMAGES_PRESENT: 'no',
  FAKE_DF_AVAIL_KB: String(50 * 1024 * 1024),
};

interface Run {
  status: number | null;
  stdout: string;
  lines: string[];
}

let bin: string;
let work: string;
const servers: Server[] = [];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'faultline-doctor-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  fake('docker', FAKE_DOCKER);
  fake('df', FAKE_DF);
  fake('ss', FAKE_SS_NOTHING_LISTENS);
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
    await once(server, 'close');
  }
  rmSync(work, { recursive: true, force: true });
});

function fake(name: string, script: string): void {
  writeFileSync(join(bin, name), script);
  chmodSync(join(bin, name), 0o755);
}

/** Runs the doctor (the repository's, or `script`) with the fakes first on PATH. */
function doctor(env: Record<string, string> = {}, script = SCRIPT): Run {
  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      HOME: work,
      FAKE_DOCKER_ROOT: work,
      ...GOOD,
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, lines: result.stdout.split('\n') };
}

/** The line after the FAIL line that contains `text`: its fix. */
function fixFor(run: Run, text: string): string | undefined {
  const index = run.lines.findIndex((line) => line.startsWith('FAIL') && line.includes(text));
  return index === -1 ? undefined : run.lines[index + 1];
}

async function listen(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** Host ports of compose `ports` entries, as Compose publishes them (defaults of ${VAR:-x}). */
function publishedPorts(entries: unknown[]): number[] {
  return entries.flatMap((entry): number[] => {
    let host: string | undefined;
    if (typeof entry === 'object' && entry !== null) {
      host = String((entry as { published?: string | number }).published ?? '');
    } else {
      const value = String(entry).replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_, fallback) =>
        String(fallback ?? ''),
      );
      if (/\/(udp|sctp)$/.test(value)) return [];
      const parts = value
        .replace(/\/tcp$/, '')
        .replace(/\[[^\]]*\]/g, 'ip')
        .split(':');
      host = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    }
    const range = /^(\d+)(?:-(\d+))?$/.exec(host ?? '');
    if (!range) return [];
    const low = Number(range[1]);
    const high = Number(range[2] ?? range[1]);
    return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  });
}

/** The script in a tree of its own, beside a docker-compose.yml the test writes. */
function scriptBeside(compose: string): string {
  const root = join(work, 'repo');
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(SCRIPT, join(root, 'scripts', 'doctor.sh'));
  writeFileSync(join(root, 'docker-compose.yml'), compose);
  return join(root, 'scripts', 'doctor.sh');
}

describe('scripts/doctor.sh', () => {
  it('passes every check and exits 0 when the machine is ready', () => {
    const run = doctor();
    expect(run.lines.filter((line) => /^(FAIL|WARN)/.test(line))).toEqual([]);
    for (const check of [
      'Docker engine reachable',
      'Docker Engine 28.5.1 (20.10.0 or newer)',
      'Docker Compose 2.40.3 (2.15.0 or newer)',
      'BuildKit: docker buildx 0.29.1',
      'Memory: Docker may use 8192 MiB',
      'Ports free: ',
      'Disk: 50.0 GB free',
    ]) {
      expect(run.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^PASS  ${escape(check)}`)),
      );
    }
    expect(run.lines).toContainEqual(
      expect.stringMatching(/^PASS {2}Architecture: \S+, Docker x86_64$/),
    );
    expect(run.stdout).toMatch(/^Summary: 8 passed, 0 warnings, 0 failed/m);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.status).toBe(0);
  });

  it('fails on a Compose older than 2.15 and gives the fix on the next line', () => {
    const run = doctor({ FAKE_COMPOSE_VERSION: '2.12.2' });
    expect(fixFor(run, 'Docker Compose 2.12.2 is older than 2.15.0')).toMatch(
      /^ {6}fix: .*docker-compose-plugin/,
    );
    expect(run.stdout).toMatch(/^Summary: .* 1 failed/m);
    expect(run.status).toBe(1);
  });

  it('fails when only the legacy docker-compose v1 is installed, naming Compose v2 as the fix', () => {
    fake('docker-compose', '#!/usr/bin/env bash\necho 1.29.2\n');
    const run = doctor({ FAKE_COMPOSE_VERSION: '' });
    expect(fixFor(run, 'legacy docker-compose 1.29.2')).toMatch(
      /^ {6}fix: install the Compose v2 plugin/,
    );
    expect(run.status).toBe(1);
  });

  it('fails when Docker may use less memory than the sum of docker-compose.yml’s mem_limit values', () => {
    const services = Object.values(loadCompose().services);
    const sum = services.reduce(
      (total, service) => total + mebibytes(service.mem_limit ?? 'missing'),
      0,
    );
    const run = doctor({
      FAKE_DOCKER_MEM_BYTES: String(sum * 1024 * 1024 - 1),
      FAKE_DOCKER_OS: 'Docker Desktop',
    });
    const line = `Docker may use ${sum - 1} MiB of memory; the stack's mem_limit values in docker-compose.yml add up to ${sum} MiB`;
    expect(fixFor(run, line)).toMatch(
      /^ {6}fix: Docker Desktop: Settings → Resources → Memory, at least \d+ GB$/,
    );
    expect(run.status).toBe(1);
  });

  it('warns, without failing, when the memory covers the limits but not the headroom', () => {
    const sum = Object.values(loadCompose().services).reduce(
      (total, service) => total + mebibytes(service.mem_limit ?? 'missing'),
      0,
    );
    const run = doctor({ FAKE_DOCKER_MEM_BYTES: String((sum + 100) * 1024 * 1024) });
    expect(run.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^WARN  Docker may use ${sum + 100} MiB .* ${sum} MiB of limits`),
      ),
    );
    expect(run.stdout).not.toMatch(/^FAIL/m);
    expect(run.status).toBe(0);
  });

  it('adds up mem_limit values in every unit Compose accepts, quoted or not, skipping comments', () => {
    const script = scriptBeside(
      [
        'services:',
        '  a:',
        '    mem_limit: 1g',
        '  b:',
        "    mem_limit: '512m'",
        '  c:',
        '    mem_limit: "64M" # the exporter',
        '  d:',
        '    mem_limit: 256MiB',
        '    # mem_limit: 999g',
        '',
      ].join('\n'),
    );
    const run = doctor({ FAKE_DOCKER_MEM_BYTES: String(GIB) }, script);
    expect(run.stdout).toContain('add up to 1856 MiB');
    expect(run.status).toBe(1);
  });

  it('fails on a port in use and names the process from ss', async () => {
    rmSync(join(bin, 'ss'));
    const port = await listen();
    const run = doctor({ DOCTOR_PORTS: String(port) });
    expect(fixFor(run, `Port ${port} is in use by `)).toMatch(/^ {6}fix: stop /);
    expect(run.stdout).toMatch(
      new RegExp(`^FAIL  Port ${port} is in use by \\S+ \\(pid ${process.pid}\\)$`, 'm'),
    );
    expect(run.status).toBe(1);
  });

  it('finds a port in use with bash’s /dev/tcp where ss does not work', async () => {
    fake('ss', '#!/usr/bin/env bash\nexit 1\n');
    const [busy, free] = [await listen(), await freePort()];
    const run = doctor({ DOCTOR_PORTS: `${busy} ${free}` });
    expect(fixFor(run, `Port ${busy} is in use`)).toMatch(/^ {6}fix: stop /);
    expect(run.stdout).toContain(`PASS  Ports free: ${free} (DOCTOR_PORTS)`);
    expect(run.status).toBe(1);
  });

  it('warns instead when the port is published by a container (the stack already running)', async () => {
    rmSync(join(bin, 'ss'));
    const port = await listen();
    const run = doctor({
      DOCTOR_PORTS: String(port),
      FAKE_DOCKER_PS: `faultline-grafana-1 0.0.0.0:${port}->3000/tcp, [::]:${port}->3000/tcp`,
    });
    expect(run.stdout).toContain(
      `WARN  Port ${port} is published by the container faultline-grafana-1`,
    );
    expect(run.stdout).not.toMatch(/^FAIL/m);
    expect(run.status).toBe(0);
  });

  it('checks exactly the host ports docker-compose.yml publishes', () => {
    const expected = [
      ...new Set(
        Object.values(loadCompose().services).flatMap((s) => publishedPorts(s.ports ?? [])),
      ),
    ].sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    const run = doctor();
    expect(run.stdout).toContain(
      `PASS  Ports free: ${expected.join(' ')} (published by docker-compose.yml)`,
    );
  });

  it('reads every form of published port, resolving ${VAR:-default} from the environment', () => {
    const compose = [
      'services:',
      '  a:',
      '    ports:',
      "      - '${FAULTLINE_PUBLISH_ADDRESS:-127.0.0.1}:3000:3000'",
      '      - "127.0.0.1:3005:3005"',
      '      - 8080:80/tcp',
      "      - '9229'",
      "      - '5353:5353/udp'",
      "      - '[::1]:4000:4000'",
      "      # - '7777:7777'",
      "      - '${GRAFANA_PORT:-3300}:3000'",
      "      - '6000-6001:6000-6001'",
      "      - '$ADMIN_PORT:5000'",
      '  b:',
      '    ports: [\'9090:9090\', "127.0.0.1:9093:9093"]',
      '  c:',
      '    ports:',
      '      - target: 4318',
      '        published: "4318"',
      '        host_ip: 127.0.0.1',
      '    environment:',
      '      PORT: "1234:1234"',
      '',
    ].join('\n');
    const run = doctor({ GRAFANA_PORT: '3999', ADMIN_PORT: '5001' }, scriptBeside(compose));
    expect(run.stdout).toContain(
      'PASS  Ports free: 3000 3005 3999 4000 4318 5001 6000 6001 8080 9090 9093 (published by docker-compose.yml)',
    );
    const parsed = (
      [
        '${FAULTLINE_PUBLISH_ADDRESS:-127.0.0.1}:3000:3000',
        '127.0.0.1:3005:3005',
        '8080:80/tcp',
        '9229',
        '5353:5353/udp',
        '[::1]:4000:4000',
        '${GRAFANA_PORT:-3300}:3000',
        '6000-6001:6000-6001',
        '9090:9090',
        '127.0.0.1:9093:9093',
        { published: '4318' },
      ] as unknown[]
    ).map((entry) => publishedPorts([entry]));
    // The test's own reading agrees with the script's (with the default for GRAFANA_PORT).
    expect(parsed.flat().sort((a, b) => a - b)).toEqual([
      3000, 3005, 3300, 4000, 4318, 6000, 6001, 8080, 9090, 9093,
    ]);
  });

  it('fails when the engine does not answer, and skips the checks that need it', () => {
    const run = doctor({ FAKE_DOCKER_DAEMON: 'down' });
    expect(fixFor(run, 'Docker engine not reachable')).toMatch(
      /^ {6}fix: start Docker Desktop, or on Linux: sudo systemctl start docker/,
    );
    expect(run.stdout).not.toMatch(/^(PASS|WARN|FAIL) {2}(Docker Engine|Memory|Docker may use)/m);
    expect(run.status).toBe(1);
  });

  it('fails on an engine older than 20.10', () => {
    const run = doctor({ FAKE_DOCKER_VERSION: '19.03.12' });
    expect(fixFor(run, 'Docker Engine 19.03.12 is older than 20.10.0')).toMatch(/^ {6}fix: update/);
    expect(run.status).toBe(1);
  });

  it('fails when Docker runs on an architecture the images are not published for', () => {
    const run = doctor({ FAKE_DOCKER_ARCH: 's390x' });
    expect(fixFor(run, 'Docker runs on s390x')).toMatch(/^ {6}fix: /);
    expect(run.status).toBe(1);
  });

  it('fails when this machine’s processor is not x86_64 or arm64', () => {
    fake('uname', '#!/usr/bin/env bash\necho riscv64\n');
    const run = doctor();
    expect(fixFor(run, 'This machine is riscv64')).toMatch(/^ {6}fix: /);
    expect(run.status).toBe(1);
  });

  it('fails on too little disk, and needs less once the images are pulled', () => {
    const fourGb = String(4 * 1024 * 1024);
    const before = doctor({ FAKE_DF_AVAIL_KB: fourGb });
    expect(fixFor(before, 'Disk: 4.0 GB free')).toMatch(
      /^ {6}fix: free space \(docker system prune/,
    );
    expect(before.status).toBe(1);
    const after = doctor({ FAKE_DF_AVAIL_KB: fourGb, FAKE_IMAGES_PRESENT: 'yes' });
    expect(after.stdout).toMatch(/^WARN {2}Disk: 4\.0 GB free/m);
    expect(after.status).toBe(0);
  });

  it('fails without buildx 0.17 on a Compose that builds through it, and only warns on an older one', () => {
    const newer = doctor({ FAKE_BUILDX_VERSION: '' });
    expect(fixFor(newer, 'docker buildx not found: Compose 2.40.3 will not build')).toMatch(
      /^ {6}fix: .*docker-buildx-plugin/,
    );
    expect(newer.status).toBe(1);
    const older = doctor({ FAKE_BUILDX_VERSION: '0.12.1', FAKE_COMPOSE_VERSION: '2.29.7' });
    expect(older.stdout).toMatch(/^WARN {2}docker buildx 0\.12\.1 is older than 0\.17\.0/m);
    expect(older.status).toBe(0);
  });

  it('reads the free space with the real df', () => {
    rmSync(join(bin, 'df'));
    const run = doctor();
    const free = /^(?:PASS|WARN|FAIL) {2}Disk: (\d+\.\d) GB free at /m.exec(run.stdout)?.[1];
    expect(Number(free)).toBeGreaterThan(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
