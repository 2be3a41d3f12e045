import { existsSync, readFileSync } from 'node:fs';
import { dockerIgnores } from './docker-context';
import { repoPath } from './repo';

const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
const lines = dockerfile.split('\n');
const stageOf = (name: string): string => {
  const start = lines.findIndex((line) => new RegExp(`^FROM .* AS ${name}$`).test(line));
  const end = lines.findIndex((line, index) => index > start && line.startsWith('FROM '));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
};

describe('the Dockerfile', () => {
  it('builds on the official Node slim image of the exact version the repository pins', () => {
    const pinned = /NODE_VERSION="([\d.]+)"/.exec(
      readFileSync(repoPath('scripts/node24.sh'), 'utf8'),
    )?.[1];
    expect(pinned).toMatch(/^24\./);
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:${pinned}-slim`);
    const bases = lines
      .filter((line) => line.startsWith('FROM '))
      .map((line) => line.split(' ')[1]);
    expect(new Set(bases)).toEqual(new Set(['${NODE_IMAGE}']));
  });

  it('copies the manifest of every npm workspace before installing', () => {
    const { workspaces } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
      workspaces: string[];
    };
    const find = /find ([a-z -]+?) -mindepth 2 -maxdepth 2 -name package\.json/.exec(
      stageOf('manifests'),
    );
    expect(find).not.toBeNull();
    const searched = find![1]!.split(' ');
    for (const glob of workspaces) {
      expect(glob).toMatch(/^[a-z-]+\/\*$/);
      expect(searched).toContain(glob.replace('/*', ''));
    }
  });

  it('installs everything to build, then only the one service’s production dependencies', () => {
    expect(stageOf('build')).toMatch(/npm ci --no-audit --no-fund/);
    expect(stageOf('production')).toContain(
      'npm ci --omit=dev --workspace "apps/${SERVICE}" --no-audit --no-fund',
    );
    expect(stageOf('production')).toContain(
      'node /build/infra/docker/copy-workspace-runtime.cjs /build /app "${SERVICE}"',
    );
  });

  it('downloads each npm package once per machine: every npm ci shares one BuildKit cache mount', () => {
    expect(lines[0]).toBe('# syntax=docker/dockerfile:1');
    const installs = dockerfile.match(/RUN [^\n]*\\\n\s+npm ci [^\n]*|RUN npm ci [^\n]*/g) ?? [];
    expect(installs).toHaveLength(2);
    for (const install of installs) {
      expect(install).toMatch(/^RUN --mount=type=cache,id=faultline-npm,target=\/root\/\.npm \\/);
      expect(install).toContain('--prefer-offline');
    }
  });

  it('runs as the unprivileged node user with telemetry preloaded and a readiness healthcheck', () => {
    const runtime = stageOf('runtime');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('/health/ready');
    // Not a second `node` inside the memory limit every 10 s: bash's /dev/tcp (infra/README.md).
    expect(runtime).toMatch(/^HEALTHCHECK .*\n\s+CMD \["bash", "-c", /m);
    expect(runtime).toContain(
      'CMD ["node", "--require", "@faultline/instrumented/register", "dist/main.js"]',
    );
    expect(runtime).toContain('WORKDIR /app/apps/${SERVICE}');
  });

  it('has in its build context every repository folder an image copies from the build stage', () => {
    const copied = [...stageOf('production').matchAll(/cp -r \/build\/(\S+)/g)]
      .map((match) => match[1] ?? '')
      // Build output (apps/storefront/dist) is made inside the build stage, not sent to it.
      .filter((path) => !path.split('/').includes('dist'));
    expect(copied).toEqual(expect.arrayContaining(['scenarios', 'docs/runbooks']));
    expect(copied.filter((path) => dockerIgnores(`${path}/any-file`))).toEqual([]);
  });

  it('gives the watcher the runbooks where it serves them from by default: /app/docs/runbooks', () => {
    expect(stageOf('production')).toMatch(
      /if \[ "\$\{SERVICE\}" = watcher \]; then \\\n\s+mkdir -p \/app\/docs && cp -r \/build\/docs\/runbooks \/app\/docs\/runbooks;/,
    );
    // apps/watcher/src/runbooks/runbook-library.ts: four folders up from dist/runbooks.
    expect(existsSync(repoPath('docs', 'runbooks', 'Watchdog.md'))).toBe(true);
  });

  it('reads .dockerignore as Docker does: the last matching pattern wins, parents count', () => {
    expect(dockerIgnores('docs/tutorial/README.md')).toBe(true);
    expect(dockerIgnores('docs/runbooks/Watchdog.md')).toBe(false);
    expect(dockerIgnores('apps/watcher/node_modules/x/index.js')).toBe(true);
    expect(dockerIgnores('node_modules/x/index.js')).toBe(true);
    expect(dockerIgnores('infra/prometheus/prometheus.yml')).toBe(true);
    expect(dockerIgnores('infra/docker/copy-workspace-runtime.cjs')).toBe(false);
    expect(dockerIgnores('apps/watcher/src/main.ts')).toBe(false);
  });

  it('keeps installs, builds and secrets of the host out of the build context, not the runtime script', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '.git'])
      expect(ignored).toContain(pattern);
    expect(ignored).toContain('!infra/docker');
  });
});
