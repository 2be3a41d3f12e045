/**
 * The curated mode and FAULTLINE_INSTRUMENTATIONS=auto must run the same instrumentation code:
 * the metapackage resolves each of the five to the very versions libs/instrumented depends on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { USED_INSTRUMENTATIONS } from '../src/telemetry/instrumentations/configs';

const META = '@opentelemetry/auto-instrumentations-node';
const LIB_ROOT = join(__dirname, '..');

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/** The package.json of `name` as Node resolves it from `fromDir` (exports maps allowed). */
function resolvedPackage(name: string, fromDir: string): PackageJson & { dir: string } {
  let dir = dirname(require.resolve(name, { paths: [fromDir] }));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (json.name === name) return { ...json, dir };
    }
    if (dirname(dir) === dir) throw new Error(`no package.json for ${name} above ${fromDir}`);
    dir = dirname(dir);
  }
}

const lib = JSON.parse(readFileSync(join(LIB_ROOT, 'package.json'), 'utf8')) as PackageJson;
const declared = (name: string): string | undefined => lib.dependencies?.[name];

describe('curated instrumentations and the metapackage', () => {
  const meta = resolvedPackage(META, LIB_ROOT);

  it('depends on the metapackage at an exact version', () => {
    expect(declared(META)).toBe(meta.version);
  });

  it.each([...USED_INSTRUMENTATIONS])(
    '%s: the metapackage pins it and loads the same version as the curated mode',
    (name) => {
      expect(meta.dependencies?.[name]).toBeDefined();
      const curated = resolvedPackage(name, LIB_ROOT);
      const viaMeta = resolvedPackage(name, meta.dir);
      expect(curated.version).toBe(declared(name));
      expect(viaMeta.version).toBe(declared(name));
      // One copy on disk: both modes patch with the same code.
      expect(viaMeta.dir).toBe(curated.dir);
    },
  );
});
