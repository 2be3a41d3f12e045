import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { bindMounts, loadCompose, mebibytes, type ComposeService } from './compose-model';
import { REPO, repoPath } from './repo';

/**
 * infra/kubernetes/base and its overlays, rendered by Debian's kubectl (its bundled kustomize) and
 * held to docker-compose.yml: the same names, images, environment, ports, health paths, drains
 * and memory limits, secrets only from faultline-secrets, and NetworkPolicies that admit what
 * compose's topology needs and nothing from outside the namespace but the gateway.
 */

const KUBECTL = '/usr/bin/kubectl';
const RENDERS = {
  base: 'infra/kubernetes/base',
  workshop: 'infra/kubernetes/overlays/workshop',
  cluster: 'infra/kubernetes/overlays/cluster',
} as const;
type RenderName = keyof typeof RENDERS;
const RENDER_NAMES = Object.keys(RENDERS) as RenderName[];
const README = 'infra/kubernetes/base/README.md';

/** Every workload of ours, by compose's service name, in every render. */
const WORKLOADS = {
  catalog: 'Deployment',
  inventory: 'Deployment',
  order: 'Deployment',
  payment: 'Deployment',
  'payment-canary': 'Deployment',
  gateway: 'Deployment',
  watcher: 'Deployment',
  shoppers: 'Deployment',
  postgres: 'StatefulSet',
  sale: 'Job',
  faultline: 'Job',
} as const;
type Workload = keyof typeof WORKLOADS;
const WORKLOAD_NAMES = Object.keys(WORKLOADS) as Workload[];
/** Compose's services that are Helm releases (infra/kubernetes/backends), not this kustomization. */
const BACKENDS = [
  'otel-collector',
  'tempo',
  'loki',
  'prometheus',
  'alertmanager',
  'blackbox-exporter',
  'postgres-exporter',
  'pyroscope',
  'grafana',
];
/** The ones behind a Service, draining on SIGTERM like every Faultline HTTP process. */
const SERVERS = [
  'catalog',
  'inventory',
  'order',
  'payment',
  'payment-canary',
  'gateway',
  'watcher',
] as const;

/** The Secret install.sh makes, its keys and the variable each one fills. */
const SECRET = 'faultline-secrets';
const SECRET_KEYS: Record<string, string> = {
  FAULT_ADMIN_TOKEN: 'fault-admin-token',
  SERVICE_TOKEN: 'service-token',
  CARD_VAULT_KEY: 'card-vault-key',
};
/** The ConfigMaps install.sh makes from the repository's files (README.md has the commands). */
const MADE_BY_INSTALL = ['postgres-initdb', 'k6-scripts'];

/** Where each Faultline process reads its environment: its config schema and the telemetry preload. */
const TELEMETRY_SOURCES = [
  'libs/instrumented/src/telemetry/register.ts',
  'libs/instrumented/src/telemetry/settings.ts',
  'libs/instrumented/src/config/local-defaults.ts',
  'libs/instrumented/src/metrics/memory-limit.ts',
];
const SERVICE_SOURCES = (app: string): string[] => [
  ...TELEMETRY_SOURCES,
  'libs/service/src/config-fields.ts',
  `apps/${app}/src/config.ts`,
];
const READ_SOURCES: Partial<Record<Workload, string[]>> = {
  catalog: SERVICE_SOURCES('catalog'),
  inventory: SERVICE_SOURCES('inventory'),
  order: SERVICE_SOURCES('order'),
  payment: SERVICE_SOURCES('payment'),
  // The slot, and the canary it starts with the whole environment: payment itself.
  'payment-canary': [...SERVICE_SOURCES('payment'), 'apps/payment/src/canary-slot.ts'],
  gateway: [...TELEMETRY_SOURCES, 'apps/gateway/src/config.ts'],
  watcher: [...TELEMETRY_SOURCES, 'apps/watcher/src/config.ts'],
  faultline: ['apps/faultline-cli/src/targets.ts'],
};
/** Read by Node itself, not by our code. */
const NODE_READS = ['NODE_OPTIONS'];
/**
 * Variables compose sets that the process does not read, left out of its pod (README.md): the
 * catalog needs no service token, the watcher neither token.
 */
const NOT_READ: Partial<Record<Workload, string[]>> = {
  catalog: ['SERVICE_TOKEN'],
  watcher: ['FAULT_ADMIN_TOKEN', 'SERVICE_TOKEN'],
};
/** What the cluster overlay may scale, and only these (its kustomization.yaml gives the reasons). */
const SCALABLE = ['gateway', 'catalog'];
/** Pod labels of the backends' charts that NetworkPolicies admit, by what they do. */
const MONITORING = {
  scraper: 'prometheus',
  prober: 'prometheus-blackbox-exporter',
  notifier: 'alertmanager',
  databaseExporter: 'prometheus-postgres-exporter',
};
const TOOLING = { 'faultline.dev/role': 'tooling' };

// ---------------------------------------------------------------------------------------------
// The objects, as much of them as these tests read.

interface Metadata {
  name: string;
  labels?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } } & Record<string, unknown>;
}
interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: unknown;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: { command: string[] } } };
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: Record<string, unknown>;
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: unknown;
  emptyDir?: unknown;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  terminationGracePeriodSeconds?: number;
  enableServiceLinks?: boolean;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface PolicyRule {
  from?: PolicyPeer[];
  ports?: { port: number; protocol?: string }[];
}
interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: PolicyRule[];
}

// ---------------------------------------------------------------------------------------------
// Rendering and reading.

function render(dir: string): K8sObject[] {
  const text = execFileSync(KUBECTL, ['kustomize', repoPath(dir)], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((doc): doc is K8sObject => doc !== null);
}

const renders = Object.fromEntries(
  RENDER_NAMES.map((name) => [name, render(RENDERS[name])]),
) as Record<RenderName, K8sObject[]>;
const compose = loadCompose();
/** A compose service, with the key compose-model's type leaves out. */
type Service = ComposeService & { stop_grace_period?: string };
const composeService = (name: string): Service => {
  const service: Service | undefined = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
};

const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} rendered`);
  return found;
};
const ofKind = (objects: K8sObject[], kind: string): K8sObject[] =>
  objects.filter((o) => o.kind === kind);

function podTemplate(object: K8sObject): PodTemplate {
  const spec = object.spec as { template?: PodTemplate } | undefined;
  if (!spec?.template)
    throw new Error(`${object.kind}/${object.metadata.name} has no pod template`);
  return spec.template;
}
const workload = (objects: K8sObject[], name: Workload): K8sObject =>
  find(objects, WORKLOADS[name], name);
const pod = (objects: K8sObject[], name: Workload): PodSpec =>
  podTemplate(workload(objects, name)).spec;
function mainContainer(objects: K8sObject[], name: Workload): Container {
  const container = pod(objects, name).containers.find((c) => c.name === name);
  if (!container) throw new Error(`${name} has no container named ${name}`);
  return container;
}
const podsOf = (objects: K8sObject[]): [string, PodTemplate][] =>
  objects
    .filter((o) => (o.spec as { template?: unknown } | undefined)?.template !== undefined)
    .map((o) => [`${o.kind}/${o.metadata.name}`, podTemplate(o)]);
const allContainers = (spec: PodSpec): Container[] => [
  ...(spec.initContainers ?? []),
  ...spec.containers,
];

/** A container's named port, as a probe or a Service names it. */
function portNumber(container: Container, port: number | string): number {
  if (typeof port === 'number') return port;
  const found = container.ports?.find((p) => p.name === port);
  if (!found) throw new Error(`${container.name} has no port named ${port}`);
  return found.containerPort;
}

/** The environment a container gets: its envFrom ConfigMaps (as rendered), then its env. */
type EnvValue = { value: string } | { secret: string; key: string };
function effectiveEnv(objects: K8sObject[], container: Container): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  const set = (name: string, value: EnvValue): void => {
    if (name in env) throw new Error(`${container.name} sets ${name} twice`);
    env[name] = value;
  };
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`${container.name} takes env from a non-ConfigMap`);
    const data = find(objects, 'ConfigMap', source.configMapRef.name).data ?? {};
    for (const [name, value] of Object.entries(data)) set(name, { value });
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) set(variable.name, { secret: ref.name, key: ref.key });
    else if (variable.valueFrom)
      throw new Error(`${variable.name}: a valueFrom other than a secret`);
    else set(variable.name, { value: variable.value ?? '' });
  }
  return env;
}

/** Compose's environment for a workload, as the pod should have it: secrets as references. */
function composeEnv(name: Workload): Record<string, EnvValue> {
  const reads = READ_SOURCES[name] ? variablesRead(name) : undefined;
  return Object.fromEntries(
    Object.entries(composeService(name).environment ?? {})
      .filter(([variable]) => reads === undefined || reads(variable))
      .map(([variable, value]): [string, EnvValue] => {
        const key = SECRET_KEYS[variable];
        return [variable, key ? { secret: SECRET, key } : { value }];
      }),
  );
}

/**
 * The variables a Faultline process reads, from its sources: `env['NAME']`, the SDK's
 * `get…FromEnv('NAME')`, zod schema keys (`NAME: field()` in a config), and templates such as
 * env[`FAULTLINE_${name}_URL`] (any upper-case middle).
 */
function variablesRead(name: Workload): (variable: string) => boolean {
  const names = new Set(NODE_READS);
  const patterns: RegExp[] = [];
  for (const file of READ_SOURCES[name] ?? []) {
    const text = readFileSync(repoPath(file), 'utf8');
    for (const m of text.matchAll(/env\[['"]([A-Z][A-Z0-9_]*)['"]\]/g)) names.add(m[1]!);
    for (const m of text.matchAll(/FromEnv\(['"]([A-Z][A-Z0-9_]*)['"]\)/g)) names.add(m[1]!);
    if (/z\.object\(|=> \(\{/.test(text)) {
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]*): /gm)) names.add(m[1]!);
    }
    for (const m of text.matchAll(/env\[`([A-Z0-9_]*)\$\{[^}]+\}([A-Z0-9_]*)`\]/g)) {
      patterns.push(new RegExp(`^${m[1]!}[A-Z0-9_]+${m[2]!}$`));
    }
  }
  return (variable) => names.has(variable) || patterns.some((p) => p.test(variable));
}

/** Compose's duration notation (`15s`, `1m`) in seconds. */
function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

const toCommand = (value: string[] | string | undefined): string[] | undefined =>
  typeof value === 'string' ? value.split(' ') : value;

// ---------------------------------------------------------------------------------------------
// The Kubernetes schemas: kubernetes-models (ESM only, so run in a Node child process) for its
// validate(), and the TypeScript compiler over its interfaces, whose excess-property check
// catches what the JSON schemas let through (they allow unknown keys): a misspelt field.

const VALIDATE_SCRIPT = `
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
});
const errors = [];
for (const object of JSON.parse(input)) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const model = (await import(\`kubernetes-models/\${group ? group + '/' : ''}\${version}/\${object.kind}\`))[object.kind];
  try {
    new model(object).validate();
  } catch (error) {
    errors.push(\`\${object.kind}/\${object.metadata.name}: \${error.message}\`);
  }
}
process.stdout.write(JSON.stringify(errors));
`;

function schemaErrors(objects: K8sObject[]): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', VALIDATE_SCRIPT], {
    cwd: REPO,
    input: JSON.stringify(objects),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out) as string[];
}

function modelPath(object: K8sObject): string {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  return `kubernetes-models/${group ? `${group}/` : ''}${version ?? ''}/${object.kind}`;
}

/** TypeScript's errors for each object typed as its kubernetes-models interface. */
function fieldErrors(objects: K8sObject[]): string[] {
  const file = join(REPO, 'tests/stack-config/src/__rendered_manifests__.ts');
  const source = [
    ...objects.map((o, i) => `import type { I${o.kind} as T${i} } from '${modelPath(o)}';`),
    ...objects.map((o, i) => `export const o${i}: T${i} = ${JSON.stringify(o)};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    const at = diagnostic.start ?? 0;
    const index = source.slice(0, at).split('\n').length - 1 - objects.length;
    const object = objects[index];
    return `${object ? `${object.kind}/${object.metadata.name}` : '?'}: ${message}`;
  });
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy, evaluated: may a pod with these labels (or a client outside the namespace)
// open a connection to this port of that pod?

function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const matchExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values?.includes(labels[e.key] ?? '\u0000') ?? false;
    if (e.operator === 'NotIn') return !(e.values?.includes(labels[e.key] ?? '') ?? false);
    if (e.operator === 'Exists') return e.key in labels;
    if (e.operator === 'DoesNotExist') return !(e.key in labels);
    throw new Error(`operator ${e.operator}`);
  });
  return matchLabels && matchExpressions;
}

/** A source: a pod of this namespace with these labels, or anything outside the namespace. */
type Source = { labels: Record<string, string> } | 'outside';

function peerAdmits(peer: PolicyPeer, source: Source): boolean {
  if (source === 'outside') {
    return peer.ipBlock !== undefined || peer.namespaceSelector !== undefined;
  }
  if (peer.ipBlock) return false;
  return peer.podSelector === undefined || selects(peer.podSelector, source.labels);
}

function admits(
  objects: K8sObject[],
  targetLabels: Record<string, string>,
  port: number,
  source: Source,
): boolean {
  const policies = ofKind(objects, 'NetworkPolicy')
    .map((o) => o.spec as unknown as NetworkPolicySpec)
    .filter((p) => selects(p.podSelector, targetLabels));
  // A pod no policy selects is open; every Faultline pod is selected (the default deny).
  if (policies.length === 0) return true;
  return policies.some((policy) =>
    (policy.ingress ?? []).some(
      (rule) =>
        (rule.ports === undefined || rule.ports.some((p) => p.port === port)) &&
        (rule.from === undefined || rule.from.some((peer) => peerAdmits(peer, source))),
    ),
  );
}

const podLabels = (objects: K8sObject[], name: Workload): Record<string, string> =>
  podTemplate(workload(objects, name)).metadata.labels;
const listeningPorts = (objects: K8sObject[], name: Workload): number[] =>
  (mainContainer(objects, name).ports ?? []).map((p) => p.containerPort);

/** For each listening port of each workload: whether `source` may open a connection to it. */
const admissions = (
  objects: K8sObject[],
  workloads: readonly Workload[],
  source: Source,
): { w: Workload; port: number; admitted: boolean }[] =>
  workloads.flatMap((w) =>
    listeningPorts(objects, w).map((port) => ({
      w,
      port,
      admitted: admits(objects, podLabels(objects, w), port, source),
    })),
  );

/** host:port of an http(s) or postgres URL. */
function hostPort(url: string): { host: string; port: number } | undefined {
  const match = /^(?:https?|postgres(?:ql)?):\/\/(?:[^@/]+@)?([a-z0-9-]+):(\d+)/.exec(url);
  return match ? { host: match[1]!, port: Number(match[2]) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// The scripts the k6 pods run and what they import, relative to load-tests/.

function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(repoPath('load-tests', path), 'utf8');
    for (const m of text.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gm)) {
      visit(posix.normalize(posix.join(posix.dirname(path), m[1]!)));
    }
  };
  visit(entry);
  return [...seen].sort();
}

// =============================================================================================

describe('infra/kubernetes renders with kubectl kustomize', () => {
  it('finds Debian’s kubectl, whose kustomize renders every overlay', () => {
    expect(existsSync(KUBECTL)).toBe(true);
    for (const name of RENDER_NAMES) expect(renders[name].length).toBeGreaterThan(0);
  });

  it.each(RENDER_NAMES)('%s has every workload of ours, a Service for each server', (name) => {
    const objects = renders[name];
    for (const w of WORKLOAD_NAMES) expect(() => workload(objects, w)).not.toThrow();
    for (const w of SERVERS) expect(() => find(objects, 'Service', w)).not.toThrow();
    expect(() => find(objects, 'Service', 'postgres')).not.toThrow();
  });

  it('covers every compose service: ours here, the backends as Helm releases', () => {
    const ours = Object.keys(compose.services).filter((s) => !BACKENDS.includes(s));
    expect(ours.sort()).toEqual([...WORKLOAD_NAMES].sort());
  });

  it('keeps the overlays to their folders (kustomize reads no file outside them)', () => {
    for (const dir of Object.values(RENDERS)) {
      const text = readFileSync(repoPath(dir, 'kustomization.yaml'), 'utf8');
      expect(text).not.toMatch(/load-restrictor/);
    }
  });
});

describe('the rendered objects against the Kubernetes schemas', () => {
  const everything = RENDER_NAMES.flatMap((name) => renders[name]);

  it('validates every object of every render (kubernetes-models 5.1.0, validate())', () => {
    expect(schemaErrors(everything)).toEqual([]);
  });

  it('uses only fields the Kubernetes API has, with their types (kubernetes-models’ interfaces)', () => {
    expect(fieldErrors(everything)).toEqual([]);
  });

  it('rejects a wrong type and a misspelt field (the checks have teeth)', () => {
    const broken = structuredClone(find(renders.base, 'Deployment', 'catalog'));
    const container = podTemplate(broken).spec.containers[0] as unknown as Record<string, unknown>;
    container['livenesProbe'] = container['livenessProbe'];
    delete container['livenessProbe'];
    (podTemplate(broken).spec as unknown as Record<string, unknown>)[
      'terminationGracePeriodSeconds'
    ] = 'thirty';
    expect(schemaErrors([broken]).join('\n')).toMatch(/terminationGracePeriodSeconds must be/);
    const errors = fieldErrors([broken]).join('\n');
    expect(errors).toMatch(/livenesProbe/);
    expect(errors).toMatch(/not assignable to type 'number'/);
  });

  it.each(RENDER_NAMES)('%s: selectors match the pods they are meant for', (name) => {
    const objects = renders[name];
    for (const o of objects.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind))) {
      const selector = (o.spec as { selector: LabelSelector }).selector;
      expect({
        o: o.metadata.name,
        selected: selects(selector, podTemplate(o).metadata.labels),
      }).toEqual({ o: o.metadata.name, selected: true });
    }
    for (const service of ofKind(objects, 'Service')) {
      const spec = service.spec as {
        selector: Record<string, string>;
        ports: { port: number; targetPort: string | number }[];
      };
      const target = workload(objects, service.metadata.name as Workload);
      expect(selects({ matchLabels: spec.selector }, podTemplate(target).metadata.labels)).toBe(
        true,
      );
      // Each port reaches a port of the container, at compose's number.
      const container = mainContainer(objects, service.metadata.name as Workload);
      for (const port of spec.ports) expect(portNumber(container, port.targetPort)).toBe(port.port);
    }
  });

  it.each(RENDER_NAMES)(
    '%s: mounts only volumes the pod has, and has nothing unmounted',
    (name) => {
      for (const [id, template] of podsOf(renders[name])) {
        const volumes = (template.spec.volumes ?? []).map((v) => v.name).sort();
        const mounted = [
          ...new Set(
            allContainers(template.spec).flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)),
          ),
        ];
        const claims = id.startsWith('StatefulSet/') ? ['data'] : [];
        expect({ id, mounted: mounted.sort() }).toEqual({
          id,
          mounted: [...volumes, ...claims].sort(),
        });
      }
    },
  );
});

describe('images', () => {
  it.each(RENDER_NAMES)('%s pins every image to a tag, never latest', (name) => {
    for (const [id, template] of podsOf(renders[name])) {
      for (const container of allContainers(template.spec)) {
        expect({ id, image: container.image }).toEqual({
          id,
          image: expect.stringMatching(/^[a-z0-9./-]+:v?\d+(\.\d+)+$/),
        });
      }
    }
  });

  it.each(RENDER_NAMES)(
    '%s runs compose’s images: faultline/<the build’s SERVICE>:<its version>, and compose’s pulled tags',
    (name) => {
      for (const w of WORKLOAD_NAMES) {
        const service = composeService(w);
        const container = mainContainer(renders[name], w);
        const app = service.build?.args?.['SERVICE'];
        if (app) {
          const version = (
            JSON.parse(readFileSync(repoPath('apps', app, 'package.json'), 'utf8')) as {
              version: string;
            }
          ).version;
          expect({ w, image: container.image }).toEqual({
            w,
            image: `faultline/${app}:${version}`,
          });
          const declared = service.environment?.['SERVICE_VERSION'];
          if (declared !== undefined) expect(version).toBe(declared);
        } else {
          expect({ w, image: container.image }).toEqual({ w, image: service.image });
        }
        // A helper container runs one of Faultline's own images: nothing else to pull.
        for (const init of pod(renders[name], w).initContainers ?? []) {
          expect(init.image).toMatch(/^faultline\/[a-z-]+:\d+\.\d+\.\d+$/);
        }
      }
    },
  );

  it('runs compose’s command where compose replaces the image’s', () => {
    for (const w of ['payment-canary', 'shoppers', 'sale', 'postgres'] as const) {
      expect({ w, args: mainContainer(renders.base, w).args }).toEqual({
        w,
        args: toCommand(composeService(w).command),
      });
    }
  });
});

describe('environment and secrets', () => {
  it.each(RENDER_NAMES)(
    '%s gives each container compose’s environment, name for name and value for value, secrets as references',
    (name) => {
      for (const w of WORKLOAD_NAMES) {
        const actual = effectiveEnv(renders[name], mainContainer(renders[name], w));
        expect({ w, env: actual }).toEqual({ w, env: composeEnv(w) });
      }
    },
  );

  it('gives a Faultline process only variables its code reads', () => {
    for (const w of WORKLOAD_NAMES) {
      if (!READ_SOURCES[w]) continue;
      const reads = variablesRead(w);
      const env = Object.keys(effectiveEnv(renders.base, mainContainer(renders.base, w)));
      expect({ w, unread: env.filter((v) => !reads(v)) }).toEqual({ w, unread: [] });
    }
  });

  it('leaves out exactly the variables compose sets that the process does not read', () => {
    for (const w of WORKLOAD_NAMES) {
      if (!READ_SOURCES[w]) continue;
      const reads = variablesRead(w);
      const unread = Object.keys(composeService(w).environment ?? {}).filter((v) => !reads(v));
      expect({ w, unread: unread.sort() }).toEqual({ w, unread: [...(NOT_READ[w] ?? [])].sort() });
    }
  });

  it('finds the variables a process reads in its code (the reader has teeth)', () => {
    const catalog = variablesRead('catalog');
    expect(['PORT', 'DATABASE_URL', 'FAULT_ADMIN_TOKEN', 'OTEL_SERVICE_NAME'].every(catalog)).toBe(
      true,
    );
    expect(catalog('SERVICE_TOKEN')).toBe(false);
    expect(variablesRead('faultline')('FAULTLINE_CATALOG_URL')).toBe(true);
    expect(variablesRead('order')('CARD_VAULT_KEY')).toBe(true);
  });

  it.each(RENDER_NAMES)(
    '%s takes secrets only from faultline-secrets through secretKeyRef, with the three documented keys',
    (name) => {
      const objects = renders[name];
      expect(ofKind(objects, 'Secret')).toEqual([]);
      const used = new Set<string>();
      const otherReferences: string[] = [];
      for (const [id, template] of podsOf(objects)) {
        expect({
          id,
          secretVolumes: (template.spec.volumes ?? []).filter((v) => v.secret),
        }).toEqual({
          id,
          secretVolumes: [],
        });
        for (const container of allContainers(template.spec)) {
          expect((container.envFrom ?? []).filter((e) => e.secretRef)).toEqual([]);
          for (const variable of container.env ?? []) {
            const key = SECRET_KEYS[variable.name];
            if (key) {
              // A secret's variable never holds a value of its own.
              expect({ id, variable }).toEqual({
                id,
                variable: {
                  name: variable.name,
                  valueFrom: { secretKeyRef: { name: SECRET, key } },
                },
              });
              used.add(key);
            } else if (variable.valueFrom) {
              otherReferences.push(`${id} ${variable.name}`);
            }
          }
        }
      }
      expect(otherReferences).toEqual([]);
      expect([...used].sort()).toEqual(Object.values(SECRET_KEYS).sort());
    },
  );

  it.each(RENDER_NAMES)('%s holds none of compose’s or the source’s secret values', (name) => {
    const text = JSON.stringify(renders[name]);
    const secrets = [
      ...Object.keys(SECRET_KEYS).flatMap((v) =>
        Object.values(compose.services).map((s) => s.environment?.[v]),
      ),
      'faultline-local',
      'faultline-local-service',
      /DEV_CARD_VAULT_KEY = '([0-9a-f]{64})'/.exec(
        readFileSync(repoPath('apps/order/src/config.ts'), 'utf8'),
      )?.[1],
    ].filter((value): value is string => typeof value === 'string' && value.length >= 8);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of new Set(secrets)) expect(text).not.toContain(secret);
  });

  it('documents the Secret’s three keys and makes none of its values here', () => {
    const readme = readFileSync(repoPath(README), 'utf8');
    const command =
      /kubectl -n "\$NS" create secret generic faultline-secrets((?:.|\n)*?)\n(?!\s)/.exec(
        readme,
      )?.[1];
    const keys = [...(command ?? '').matchAll(/--from-literal=([a-z-]+)=/g)].map((m) => m[1]);
    expect(keys.sort()).toEqual(Object.values(SECRET_KEYS).sort());
    for (const [variable, key] of Object.entries(SECRET_KEYS)) {
      expect(readme).toMatch(new RegExp(`\\| \`${key}\` +\\| \`${variable}\``));
    }
    // Order refuses a card vault key that is not 64 hex characters (apps/order/src/config.ts).
    expect(command).toMatch(/card-vault-key="\$\(openssl rand -hex 32\)"/);
  });

  it.each(RENDER_NAMES)(
    '%s keeps Kubernetes’ service-link variables and the API token out of every pod',
    (name) => {
      for (const [id, template] of podsOf(renders[name])) {
        expect({ id, links: template.spec.enableServiceLinks }).toEqual({ id, links: false });
        expect({ id, token: template.spec.automountServiceAccountToken }).toEqual({
          id,
          token: false,
        });
        expect({ id, nonRoot: template.spec.securityContext?.runAsNonRoot }).toEqual({
          id,
          nonRoot: true,
        });
      }
    },
  );
});

describe('probes, ports and drains', () => {
  /** The health paths every Faultline service serves (createServiceApp). */
  const served = [
    ...readFileSync(repoPath('libs/instrumented/src/http/create-service-app.ts'), 'utf8').matchAll(
      /app\.get\('(\/health\/[a-z]+)'/g,
    ),
  ].map((m) => m[1]);
  const dockerfileHealth = /GET (\/health\/[a-z]+) HTTP/.exec(
    readFileSync(repoPath('Dockerfile'), 'utf8'),
  )?.[1];

  it('reads the health paths from the code and the Dockerfile', () => {
    expect(served.sort()).toEqual(['/health/live', '/health/ready']);
    expect(dockerfileHealth).toBe('/health/ready');
    expect(readFileSync(repoPath('apps/payment/src/canary-slot.ts'), 'utf8')).toMatch(
      /req\.url === '\/health\/live' \|\| req\.url === '\/health\/ready'/,
    );
  });

  it.each(RENDER_NAMES)(
    '%s asks each server’s readiness at compose’s healthcheck path and its liveness at /health/live, on the port compose’s PORT sets',
    (name) => {
      for (const w of SERVERS) {
        const container = mainContainer(renders[name], w);
        const port = Number(composeService(w).environment?.['PORT']);
        const probe = (p: Probe | undefined) => ({
          path: p?.httpGet?.path,
          port: p?.httpGet ? portNumber(container, p.httpGet.port) : undefined,
        });
        expect({ w, readiness: probe(container.readinessProbe) }).toEqual({
          w,
          readiness: { path: dockerfileHealth, port },
        });
        expect({ w, liveness: probe(container.livenessProbe) }).toEqual({
          w,
          liveness: { path: '/health/live', port },
        });
        expect({ w, startup: probe(container.startupProbe) }).toEqual({
          w,
          startup: { path: '/health/live', port },
        });
        // The port the container declares first is the one compose's build gives the image.
        const built = composeService(w).build?.args?.['PORT'];
        if (w !== 'payment-canary') expect(container.ports?.[0]?.containerPort).toBe(Number(built));
      }
    },
  );

  it.each(RENDER_NAMES)('%s asks PostgreSQL as compose’s healthcheck does', (name) => {
    const container = mainContainer(renders[name], 'postgres');
    const test = composeService('postgres').healthcheck?.test;
    const command = Array.isArray(test) && test[0] === 'CMD' ? test.slice(1) : undefined;
    expect(command).toBeDefined();
    for (const probe of [
      container.readinessProbe,
      container.livenessProbe,
      container.startupProbe,
    ]) {
      expect(probe?.exec?.command).toEqual(command);
    }
    // Every service's DATABASE_URL names the host and port the Service answers on.
    const service = find(renders[name], 'Service', 'postgres').spec as {
      ports: { port: number }[];
    };
    for (const w of WORKLOAD_NAMES) {
      const url = composeService(w).environment?.['DATABASE_URL'];
      if (url) expect(hostPort(url)).toEqual({ host: 'postgres', port: service.ports[0]?.port });
    }
  });

  it.each(RENDER_NAMES)(
    '%s gives every pod at least compose’s stop_grace_period after its preStop',
    (name) => {
      for (const w of WORKLOAD_NAMES) {
        // Docker's default when compose names none: 10 s.
        const drain = seconds(composeService(w).stop_grace_period ?? '10s');
        const preStop = mainContainer(renders[name], w).lifecycle?.preStop?.sleep?.seconds ?? 0;
        const grace = pod(renders[name], w).terminationGracePeriodSeconds;
        expect({ w, grace }).toEqual({ w, grace: expect.any(Number) });
        expect({ w, enough: (grace ?? 0) >= drain + preStop }).toEqual({ w, enough: true });
      }
      // Each server keeps serving while the other nodes learn it is going.
      for (const w of SERVERS) {
        expect(mainContainer(renders[name], w).lifecycle?.preStop?.sleep?.seconds).toBeGreaterThan(
          0,
        );
        expect(composeService(w).stop_grace_period).toBe('15s');
      }
    },
  );

  it('makes PostgreSQL stop fast, as compose’s image does, not wait for the pools to leave', () => {
    expect(mainContainer(renders.base, 'postgres').lifecycle?.preStop?.exec?.command).toEqual(
      expect.arrayContaining(['pg_ctl', 'stop', '-m', 'fast']),
    );
  });

  it('waits for PostgreSQL before a service starts, as compose’s depends_on does', () => {
    for (const w of WORKLOAD_NAMES) {
      const needsPostgres =
        composeService(w).depends_on?.['postgres']?.condition === 'service_healthy';
      const waits = (pod(renders.base, w).initContainers ?? []).some((c) =>
        (c.command ?? []).join(' ').includes('/dev/tcp/postgres/5432'),
      );
      expect({ w, waits }).toEqual({ w, waits: needsPostgres });
    }
  });
});

describe('memory and CPU', () => {
  it.each(RENDER_NAMES)('%s requests and limits compose’s mem_limit, and limits no CPU', (name) => {
    for (const w of WORKLOAD_NAMES) {
      const resources = mainContainer(renders[name], w).resources;
      const limit = `${mebibytes(composeService(w).mem_limit ?? 'missing')}Mi`;
      expect({
        w,
        memory: resources?.limits?.['memory'],
        request: resources?.requests?.['memory'],
      }).toEqual({
        w,
        memory: limit,
        request: limit,
      });
      expect({ w, cpu: resources?.requests?.['cpu'] }).toEqual({
        w,
        cpu: expect.stringMatching(/^\d+m$/),
      });
    }
    for (const [id, template] of podsOf(renders[name])) {
      for (const c of allContainers(template.spec)) {
        expect({ id, c: c.name, cpuLimit: c.resources?.limits?.['cpu'] }).toEqual({
          id,
          c: c.name,
          cpuLimit: undefined,
        });
      }
    }
  });

  it('states the memory the pods request, as compose’s limits add up', () => {
    const sum = (names: Workload[]): number =>
      names.reduce((total, w) => total + mebibytes(composeService(w).mem_limit ?? '0m'), 0);
    const always = WORKLOAD_NAMES.filter((w) => w !== 'sale' && w !== 'faultline');
    const readme = readFileSync(repoPath(README), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`about ${sum(always).toLocaleString('en')} MiB of memory requests`);
    expect(readme).toContain(`${sum(['sale', 'faultline'])} MiB more`);
    const workshop = readFileSync(repoPath(RENDERS.workshop, 'kustomization.yaml'), 'utf8').replace(
      /\s+#?\s*/g,
      ' ',
    );
    expect(workshop).toContain(`request ${sum(always).toLocaleString('en')} MiB a namespace`);
    expect(workshop).toContain(`${sum(WORKLOAD_NAMES).toLocaleString('en')} MiB while`);
  });

  it('asks less CPU in the workshop than in the base, and more for what the cluster scales', () => {
    const cpu = (render: RenderName, w: Workload): number =>
      Number.parseInt(mainContainer(renders[render], w).resources?.requests?.['cpu'] ?? 'NaN', 10);
    for (const w of WORKLOAD_NAMES) {
      expect({ w, less: cpu('workshop', w) < cpu('base', w) }).toEqual({ w, less: true });
    }
    for (const w of SCALABLE as Workload[])
      expect(cpu('cluster', w)).toBeGreaterThan(cpu('base', w));
  });
});

describe('replicas, autoscaling and disruption budgets', () => {
  const replicated = (render: RenderName): K8sObject[] =>
    renders[render].filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));

  it.each(['base', 'workshop'] as const)(
    '%s runs every process once, and has no autoscaler or budget',
    (name) => {
      for (const o of replicated(name)) {
        expect({ o: o.metadata.name, replicas: o.spec?.['replicas'] }).toEqual({
          o: o.metadata.name,
          replicas: 1,
        });
      }
      expect(ofKind(renders[name], 'HorizontalPodAutoscaler')).toEqual([]);
      expect(ofKind(renders[name], 'PodDisruptionBudget')).toEqual([]);
    },
  );

  it('cluster scales only the gateway and the catalog, from one pod, on CPU', () => {
    const hpas = ofKind(renders.cluster, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.metadata.name).sort()).toEqual([...SCALABLE].sort());
    for (const hpa of hpas) {
      const spec = hpa.spec as {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        maxReplicas: number;
        metrics: { resource?: { name: string } }[];
      };
      expect(spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: hpa.metadata.name,
      });
      // One pod while the load is the workshop's: a fault reaches the whole of it.
      expect(spec.minReplicas).toBe(1);
      expect(spec.maxReplicas).toBeGreaterThan(1);
      expect(spec.metrics.map((m) => m.resource?.name)).toEqual(['cpu']);
    }
    for (const o of replicated('cluster')) {
      const expected = SCALABLE.includes(o.metadata.name) ? undefined : 1;
      expect({ o: o.metadata.name, replicas: o.spec?.['replicas'] }).toEqual({
        o: o.metadata.name,
        replicas: expected,
      });
    }
  });

  it('cluster has a budget for each scaled Deployment that never blocks a drain at one pod', () => {
    const budgets = ofKind(renders.cluster, 'PodDisruptionBudget');
    expect(budgets.map((b) => b.metadata.name).sort()).toEqual([...SCALABLE].sort());
    for (const budget of budgets) {
      const spec = budget.spec as {
        maxUnavailable?: number;
        minAvailable?: number;
        selector: LabelSelector;
      };
      expect(spec.maxUnavailable).toBe(1);
      expect(spec.minAvailable).toBeUndefined();
      expect(
        selects(spec.selector, podLabels(renders.cluster, budget.metadata.name as Workload)),
      ).toBe(true);
      // …and selects no other workload's pods.
      for (const w of WORKLOAD_NAMES.filter((x) => x !== budget.metadata.name)) {
        expect({ w, selected: selects(spec.selector, podLabels(renders.cluster, w)) }).toEqual({
          w,
          selected: false,
        });
      }
    }
  });

  it.each(RENDER_NAMES)(
    '%s keeps the sale and the CLI suspended until the host starts them',
    (name) => {
      for (const w of ['sale', 'faultline'] as const) {
        expect({ w, suspend: workload(renders[name], w).spec?.['suspend'] }).toEqual({
          w,
          suspend: true,
        });
      }
    },
  );
});

describe('files the base does not contain', () => {
  const readme = readFileSync(repoPath(README), 'utf8');
  const fromFiles = (configMap: string): string[] => {
    const command = new RegExp(`create configmap ${configMap}((?:.|\\n)*?)\\n(?!\\s)`).exec(
      readme,
    )?.[1];
    return [...(command ?? '').matchAll(/--from-file=(\S+)/g)].map((m) => m[1]!);
  };

  it.each(RENDER_NAMES)(
    '%s refers only to ConfigMaps it renders or README.md has install.sh make',
    (name) => {
      const rendered = new Set(ofKind(renders[name], 'ConfigMap').map((c) => c.metadata.name));
      const referred = new Set(
        podsOf(renders[name]).flatMap(([, t]) => [
          ...(t.spec.volumes ?? []).flatMap((v) => (v.configMap ? [v.configMap.name] : [])),
          ...allContainers(t.spec).flatMap((c) =>
            (c.envFrom ?? []).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : [])),
          ),
        ]),
      );
      expect([...referred].filter((c) => !rendered.has(c)).sort()).toEqual(
        [...MADE_BY_INSTALL].sort(),
      );
      for (const configMap of MADE_BY_INSTALL)
        expect(fromFiles(configMap).length).toBeGreaterThan(0);
    },
  );

  it('mounts compose’s init scripts where compose does, from the folder README.md makes them of', () => {
    const mount = bindMounts(compose).find(
      (m) => m.service === 'postgres' && m.container === '/docker-entrypoint-initdb.d',
    );
    expect(fromFiles('postgres-initdb')).toEqual([`${mount?.host}/`]);
    expect(
      readdirSync(repoPath(mount?.host ?? 'missing')).filter((f) => f.endsWith('.sql')).length,
    ).toBeGreaterThan(0);
    const container = mainContainer(renders.base, 'postgres');
    const volume = container.volumeMounts?.find((m) => m.mountPath === mount?.container)?.name;
    expect(
      pod(renders.base, 'postgres').volumes?.find((v) => v.name === volume)?.configMap?.name,
    ).toBe('postgres-initdb');
  });

  it('gives each k6 pod its script and everything it imports, at compose’s /scripts paths', () => {
    const made = fromFiles('k6-scripts');
    const keys = made.map((file) => file.split('/').at(-1)!);
    expect(new Set(keys).size).toBe(keys.length);
    for (const w of ['shoppers', 'sale'] as const) {
      const command = toCommand(composeService(w).command) ?? [];
      const script = command.at(-1) ?? '';
      const mount = bindMounts(compose).find((m) => m.service === w && m.host === 'load-tests');
      expect(script.startsWith(`${mount?.container}/`)).toBe(true);
      const needed = importClosure(script.slice(`${mount?.container ?? ''}/`.length));
      const container = mainContainer(renders.base, w);
      const volumeName = container.volumeMounts?.find(
        (m) => m.mountPath === mount?.container,
      )?.name;
      const items =
        pod(renders.base, w).volumes?.find((v) => v.name === volumeName)?.configMap?.items ?? [];
      expect({ w, paths: items.map((i) => i.path).sort() }).toEqual({ w, paths: needed });
      for (const item of items) {
        // The key is the file's name, as `--from-file=load-tests/<path>` makes it.
        expect(item.key).toBe(item.path.split('/').at(-1));
        expect(made).toContain(`load-tests/${item.path}`);
        expect(existsSync(repoPath('load-tests', item.path))).toBe(true);
      }
    }
    expect(made.every((file) => existsSync(repoPath(file)))).toBe(true);
  });
});

describe('NetworkPolicies', () => {
  const PEERS = {
    outside: 'outside' as const,
    shoppers: { labels: { 'app.kubernetes.io/name': 'shoppers' } },
    unlabelled: { labels: { run: 'debug' } },
    tooling: { labels: { run: 'debug', ...TOOLING } },
  };

  it.each(RENDER_NAMES)('%s denies every Faultline pod by default', (name) => {
    const deny = find(renders[name], 'NetworkPolicy', 'faultline-default-deny')
      .spec as unknown as NetworkPolicySpec;
    expect(deny).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'faultline' } },
      policyTypes: ['Ingress'],
    });
    for (const [id, template] of podsOf(renders[name])) {
      expect({ id, selected: selects(deny.podSelector, template.metadata.labels) }).toEqual({
        id,
        selected: true,
      });
    }
  });

  it.each(RENDER_NAMES)(
    '%s lets only the gateway be reached from outside the namespace',
    (name) => {
      const objects = renders[name];
      for (const w of WORKLOAD_NAMES) {
        for (const port of listeningPorts(objects, w)) {
          expect({
            w,
            port,
            outside: admits(objects, podLabels(objects, w), port, PEERS.outside),
          }).toEqual({
            w,
            port,
            outside: w === 'gateway',
          });
        }
      }
      // Every other policy names its peers by pod labels in this namespace only.
      for (const policy of ofKind(objects, 'NetworkPolicy')) {
        if (policy.metadata.name === 'gateway') continue;
        const spec = policy.spec as unknown as NetworkPolicySpec;
        for (const rule of spec.ingress ?? []) {
          expect(rule.from?.length).toBeGreaterThan(0);
          for (const peer of rule.from ?? []) expect(Object.keys(peer)).toEqual(['podSelector']);
        }
      }
    },
  );

  it.each(RENDER_NAMES)(
    '%s lets a pod without a caller’s or the tooling label reach only the gateway',
    (name) => {
      const objects = renders[name];
      for (const source of [PEERS.shoppers, PEERS.unlabelled]) {
        for (const { w, port, admitted } of admissions(objects, WORKLOAD_NAMES, source)) {
          expect({ w, port, admitted }).toEqual({ w, port, admitted: w === 'gateway' });
        }
      }
    },
  );

  it.each(RENDER_NAMES)(
    '%s admits the tooling label to every service port (where /admin is) and only the CLI has it',
    (name) => {
      const objects = renders[name];
      const services = [
        'catalog',
        'inventory',
        'order',
        'payment',
        'payment-canary',
        'gateway',
      ] as const;
      for (const { w, port, admitted } of admissions(objects, services, PEERS.tooling)) {
        expect({ w, port, admitted }).toEqual({ w, port, admitted: true });
      }
      for (const [id, template] of podsOf(objects)) {
        expect({
          id,
          tooling: selects({ matchLabels: TOOLING }, template.metadata.labels),
        }).toEqual({
          id,
          tooling: id === 'Job/faultline',
        });
      }
    },
  );

  it.each(RENDER_NAMES)(
    '%s admits every call compose’s URLs make, from the pod that makes it',
    (name) => {
      const objects = renders[name];
      const calls: { from: Workload; to: Workload; port: number }[] = [];
      for (const w of WORKLOAD_NAMES) {
        for (const value of Object.values(composeService(w).environment ?? {})) {
          const target = hostPort(value);
          if (target && (WORKLOAD_NAMES as string[]).includes(target.host)) {
            calls.push({ from: w, to: target.host as Workload, port: target.port });
          }
        }
      }
      // Order's canary share, which `faultline deploy` hands it (CANARY_URL is the slot's).
      const canary = hostPort(composeService('payment-canary').environment?.['CANARY_URL'] ?? '');
      calls.push({ from: 'order', to: 'payment-canary', port: canary?.port ?? 0 });
      expect(calls.length).toBeGreaterThan(15);
      for (const call of calls) {
        const source = { labels: podLabels(objects, call.from) };
        expect({
          ...call,
          admitted: admits(objects, podLabels(objects, call.to), call.port, source),
        }).toEqual({
          ...call,
          admitted: true,
        });
      }
    },
  );

  it.each(RENDER_NAMES)('%s admits the backends that call Faultline pods in compose', (name) => {
    const objects = renders[name];
    const as = (chartName: string): Source => ({ labels: { 'app.kubernetes.io/name': chartName } });
    for (const w of SERVERS) {
      const port = listeningPorts(objects, w)[0] ?? 0;
      expect({
        w,
        scraped: admits(objects, podLabels(objects, w), port, as(MONITORING.scraper)),
      }).toEqual({
        w,
        scraped: true,
      });
    }
    // The blackbox job probes what Prometheus's config lists (infra/prometheus/prometheus.yml).
    const probed = [
      ...readFileSync(repoPath('infra/prometheus/prometheus.yml'), 'utf8').matchAll(
        /http:\/\/([a-z-]+):(\d+)\/health\/ready/g,
      ),
    ].map((m) => ({ w: m[1] as Workload, port: Number(m[2]) }));
    expect(probed.length).toBeGreaterThanOrEqual(6);
    for (const { w, port } of probed) {
      expect({
        w,
        probed: admits(objects, podLabels(objects, w), port, as(MONITORING.prober)),
      }).toEqual({
        w,
        probed: true,
      });
    }
    expect(admits(objects, podLabels(objects, 'watcher'), 3005, as(MONITORING.notifier))).toBe(
      true,
    );
    expect(
      admits(objects, podLabels(objects, 'postgres'), 5432, as(MONITORING.databaseExporter)),
    ).toBe(true);
    expect(
      admits(objects, podLabels(objects, 'payment-canary'), 3009, as(MONITORING.scraper)),
    ).toBe(true);
    // The notifier reaches the watcher and nothing else.
    expect(admits(objects, podLabels(objects, 'order'), 3003, as(MONITORING.notifier))).toBe(false);
  });

  it('evaluates policies with teeth: without the default deny and the policies, everything is open', () => {
    const open = renders.base.filter((o) => o.kind !== 'NetworkPolicy');
    expect(admits(open, podLabels(open, 'payment'), 3004, PEERS.outside)).toBe(true);
    expect(admits(renders.base, podLabels(renders.base, 'payment'), 3004, PEERS.outside)).toBe(
      false,
    );
  });
});

// The tests above read these files; a wrong path should fail here, by name, not as an empty list.
describe('the sources these tests read', () => {
  it('exist', () => {
    const files = [
      ...new Set(Object.values(READ_SOURCES).flat()),
      README,
      ...Object.values(RENDERS).map((dir) => join(dir, 'kustomization.yaml')),
    ];
    for (const file of files)
      expect({ file, exists: existsSync(repoPath(file)) }).toEqual({ file, exists: true });
    expect(dirname(README)).toBe(RENDERS.base);
  });
});
