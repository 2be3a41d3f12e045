import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, readText, repoPath } from './repo';

/**
 * The layers docs/architecture.md describes, checked against the code: the Nx graph (apps on
 * runtime libs only, no app on another app) and the lint rules that keep domain/ at the ground floor.
 */

interface ProjectGraph {
  graph: {
    nodes: Record<string, { data: { root: string; tags?: string[] } }>;
    dependencies: Record<string, { target: string }[]>;
  };
}

function projectGraph(): ProjectGraph['graph'] {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-graph-'));
  try {
    const file = join(dir, 'graph.json');
    const run = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'nx'),
      ['graph', `--file=${file}`],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`nx graph failed: ${run.stderr}`);
    return (JSON.parse(readText(file)) as ProjectGraph).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SERVICES = ['catalog', 'inventory', 'order', 'payment', 'watcher', 'gateway'];

describe('the project graph', () => {
  const graph = projectGraph();
  const typeOf = (name: string): string | undefined =>
    graph.nodes[name]?.data.tags?.find((tag) => tag.startsWith('type:'));
  const workspaceDeps = (name: string): string[] =>
    (graph.dependencies[name] ?? [])
      .map((dep) => dep.target)
      .filter((target) => target in graph.nodes);
  const projectsOfType = (type: string): string[] =>
    Object.keys(graph.nodes).filter((name) => typeOf(name) === type);

  it('tags every project with what it is: app, runtime lib, tooling lib or test', () => {
    for (const name of Object.keys(graph.nodes)) {
      expect([name, typeOf(name)]).toEqual([
        name,
        expect.stringMatching(/^type:(app|runtime|tooling|e2e)$/),
      ]);
    }
    expect(projectsOfType('type:app').length).toBeGreaterThanOrEqual(SERVICES.length);
  });

  it('lets apps depend on runtime libs only: no tooling, no test support project, no other app', () => {
    for (const app of projectsOfType('type:app')) {
      const wrong = workspaceDeps(app).filter((dep) => typeOf(dep) !== 'type:runtime');
      expect([app, wrong]).toEqual([app, []]);
    }
  });

  it('keeps runtime libs on runtime libs (what ships never pulls in tooling)', () => {
    for (const lib of projectsOfType('type:runtime')) {
      const wrong = workspaceDeps(lib).filter((dep) => typeOf(dep) !== 'type:runtime');
      expect([lib, wrong]).toEqual([lib, []]);
    }
  });
});

/** Lints snippets as if they were files at the given paths, with the repository's real config. */
function lintAs(snippets: { path: string; code: string }[]): string[][] {
  // ESLint loads eslint.config.mjs with a dynamic import, which Jest's module system does not run:
  // lint in a child Node process instead. Only the two boundary rules run (no type information).
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({
      cwd: process.cwd(),
      ruleFilter: ({ ruleId }) =>
        ruleId === 'no-restricted-imports' || ruleId === '@nx/enforce-module-boundaries',
      overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    });
    const snippets = JSON.parse(process.argv[1]);
    const found = [];
    for (const { path, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath: path });
      found.push(result.messages.map((message) => message.ruleId));
    }
    console.log(JSON.stringify(found));
  `;
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      script,
      JSON.stringify(snippets.map((s) => ({ ...s, path: repoPath(s.path) }))),
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

describe('the lint rules that hold the layers', () => {
  const importing = (from: string): string => `import { x } from '${from}';\nexport const y = x;\n`;

  it('refuses an import from domain/ into an adapter, a composition root or a driver', () => {
    const refused = [
      ['apps/order/src/domain/probe.ts', '../data/order-repository'],
      ['apps/order/src/domain/probe.ts', '../clients/payment-client'],
      ['apps/payment/src/domain/probe.ts', '../gateway/card-gateway'],
      ['apps/inventory/src/domain/probe.ts', '../routes/reservations'],
      ['apps/order/src/domain/probe.ts', '../worker/retry-worker'],
      ['apps/order/src/domain/probe.ts', '../compose'],
      ['apps/inventory/src/domain/probe.ts', '@faultline/postgres'],
      ['apps/catalog/src/domain/probe.ts', 'express'],
      ['apps/order/src/domain/place-order.spec.ts', '../data/order-repository'],
    ];
    const results = lintAs(
      refused.map(([path, from]) => ({ path: path!, code: importing(from!) })),
    );
    expect(results).toEqual(refused.map(() => ['no-restricted-imports']));
  });

  it('lets the domain import its own ports, and its unit specs the in-memory fakes', () => {
    const results = lintAs([
      { path: 'apps/order/src/domain/probe.ts', code: importing('./ports') },
      { path: 'apps/order/src/domain/probe.spec.ts', code: importing('../test/in-memory') },
      { path: 'apps/order/src/data/probe.ts', code: importing('../domain/ports') },
    ]);
    expect(results).toEqual([[], [], []]);
  });

  it('refuses tooling libs and test support in code that ships', () => {
    const results = lintAs([
      { path: 'apps/order/src/probe.ts', code: importing('@faultline/stack') },
      { path: 'apps/payment/src/probe.ts', code: importing('@faultline/instrumented/testing') },
      { path: 'libs/faults/src/probe.ts', code: importing('@faultline/postgres/testing') },
      {
        path: 'apps/payment/src/probe.spec.ts',
        code: importing('@faultline/instrumented/testing'),
      },
    ]);
    expect(results).toEqual([
      ['@nx/enforce-module-boundaries'],
      ['no-restricted-imports'],
      ['no-restricted-imports'],
      [],
    ]);
  });
});

describe('every service', () => {
  it.each(SERVICES)('%s has one composition root and its ports in domain/', (service) => {
    const src = repoPath('apps', service, 'src');
    expect(readdirSync(src)).toContain('compose.ts');
    expect(readdirSync(join(src, 'domain'))).toContain('ports.ts');
    expect(readText(join(src, 'main.ts'))).toMatch(/from '\.\/compose'/);
  });

  it.each(SERVICES)('%s builds without its tests or test support', (service) => {
    const build = JSON.parse(readText(repoPath('apps', service, 'tsconfig.build.json'))) as {
      exclude?: string[];
    };
    expect(build.exclude).toEqual(expect.arrayContaining(['src/**/*.spec.ts', 'src/test/**']));
  });
});
