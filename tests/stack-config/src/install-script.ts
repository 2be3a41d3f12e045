import { readFileSync } from 'node:fs';
import { repoPath } from './repo';

/**
 * infra/kubernetes/install.sh read as data: the chart repositories it adds, the Helm releases it
 * installs (`install_chart release repo/chart version values-file [helm arguments]`) and the
 * ConfigMaps and Secrets it makes of repository files (`apply_configmap name --from-file=…`,
 * `apply_files "secret generic" name --from-file=…`). Paths written `$root/<path>` come back as
 * repository paths.
 */

export const INSTALL_SCRIPT = 'infra/kubernetes/install.sh';

export interface ChartRelease {
  release: string;
  /** The repository alias of `helm repo add`. */
  repo: string;
  chart: string;
  version: string;
  /** The values file, under infra/kubernetes/backends. */
  values: string;
  /** `--set`, `--set-string` and `--set-file` arguments: key → value as written. */
  sets: Map<string, string>;
  /** Further `--values` files. */
  moreValues: string[];
}

export interface ConfigMapSource {
  /** `configmap`, or `secret` for a Secret of files. */
  kind: 'configmap' | 'secret';
  name: string;
  /** The data key `--from-file=key=path` names, if any. */
  key: string | undefined;
  /** A repository path (a file or a folder). */
  path: string;
}

export interface InstallScript {
  text: string;
  repos: Map<string, string>;
  releases: ChartRelease[];
  configMaps: ConfigMapSource[];
}

/** Splits one shell command into words: double quotes grouped and removed, no expansion. */
function words(command: string): string[] {
  return [...command.matchAll(/(?:"[^"]*"|[^\s"])+/g)].map(([word]) => word.replaceAll('"', ''));
}

const repositoryPath = (word: string): string => word.replace(/^\$root\//, '');

function releaseOf([release, chartRef, version, values, ...rest]: string[]): ChartRelease {
  const [repo, chart] = (chartRef ?? '').split('/');
  if (!release || !repo || !chart || !version || !values) {
    throw new Error(
      `install_chart ${release ?? ''}: expected release, repo/chart, version, values`,
    );
  }
  const sets = new Map<string, string>();
  const moreValues: string[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const [flag, argument = ''] = [rest[index], rest[index + 1]];
    if (flag === '--values') moreValues.push(repositoryPath(argument));
    else if (flag === '--set' || flag === '--set-string' || flag === '--set-file') {
      const [key = '', ...value] = argument.split('=');
      sets.set(key, repositoryPath(value.join('=')));
    } else throw new Error(`install_chart ${release}: unexpected argument ${flag}`);
    index += 1;
  }
  return { release, repo, chart, version, values, sets, moreValues };
}

function configMapsOf(
  kind: ConfigMapSource['kind'],
  [name, ...sources]: string[],
): ConfigMapSource[] {
  return sources.map((source) => {
    const match = /^--from-file=(?:([^=]+)=)?(.+)$/.exec(source);
    if (!name || !match?.[2]) throw new Error(`${kind} ${name ?? ''}: ${source}`);
    return { kind, name, key: match[1], path: repositoryPath(match[2]) };
  });
}

/** Reads install.sh (or the text given) into its releases, repositories and ConfigMaps. */
export function readInstallScript(
  text = readFileSync(repoPath(INSTALL_SCRIPT), 'utf8'),
): InstallScript {
  const commands = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim());
  const repos = new Map<string, string>();
  const releases: ChartRelease[] = [];
  const configMaps: ConfigMapSource[] = [];
  for (const command of commands) {
    const [first, second, ...rest] = words(command);
    if (first === 'helm' && second === 'repo' && rest[0] === 'add' && rest[1] && rest[2]) {
      repos.set(rest[1], rest[2]);
    } else if (first === 'install_chart' && second !== undefined) {
      releases.push(releaseOf([second, ...rest]));
    } else if (first === 'apply_configmap' && second !== undefined) {
      configMaps.push(...configMapsOf('configmap', [second, ...rest]));
    } else if (first === 'apply_files' && second === 'secret generic') {
      configMaps.push(...configMapsOf('secret', rest));
    } else if (first === 'apply_files') {
      throw new Error(`install.sh: apply_files of an unknown kind: ${command}`);
    }
  }
  return { text, repos, releases, configMaps };
}
