import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCESS_NAMES } from '@faultline/stack';
import type { ProcessName } from '@faultline/stack';

const REPO = join(__dirname, '..', '..', '..');

/** What docker-compose.yml gives the services' containers: the heap cap and each memory limit. */
export interface ContainerSettings {
  /** NODE_OPTIONS of the services' shared environment (x-service-env), or '' when unset. */
  nodeOptions: string;
  /** mem_limit of each Node container, in MiB. */
  limitsMiB: Record<ProcessName, number>;
  /** The gateway's per-client rate limit as compose sets it (the load comes from one address). */
  gatewayEnv: Record<string, string>;
}

/** The block of one top-level service: its lines until the next key at the same indent. */
function serviceBlock(compose: string, name: string): string {
  const start = compose.search(new RegExp(`^  ${name}:\\s*$`, 'm'));
  if (start === -1) throw new Error(`docker-compose.yml has no service ${name}`);
  const rest = compose.slice(start + 1);
  const end = rest.search(/^ {2}[a-z][\w-]*:\s*$/m);
  return end === -1 ? rest : rest.slice(0, end);
}

function mebibytes(limit: string): number {
  const match = /^(\d+)([mg])$/.exec(limit);
  if (!match) throw new Error(`unexpected mem_limit ${limit}`);
  return Number(match[1]) * (match[2] === 'g' ? 1024 : 1);
}

/**
 * Reads the settings from docker-compose.yml itself, so the bench measures what users run (a
 * line-level read: the file's layout is fixed by tests/stack-config, which parses it fully).
 */
export function readContainerSettings(file = join(REPO, 'docker-compose.yml')): ContainerSettings {
  const compose = readFileSync(file, 'utf8');
  const shared = /^x-service-env:[^\n]*\n((?: {2}[^\n]*\n|\s*\n)+)/m.exec(compose)?.[1] ?? '';
  const nodeOptions = /^ {2}NODE_OPTIONS:\s*(.+)$/m.exec(shared)?.[1]?.trim() ?? '';
  const limitsMiB = Object.fromEntries(
    PROCESS_NAMES.map((name) => {
      const limit = /^ {4}mem_limit:\s*(\S+)/m.exec(serviceBlock(compose, name))?.[1];
      if (!limit) throw new Error(`docker-compose.yml: ${name} has no mem_limit`);
      return [name, mebibytes(limit)];
    }),
  ) as Record<ProcessName, number>;
  const gateway = serviceBlock(compose, 'gateway');
  const gatewayEnv = Object.fromEntries(
    ['RATE_LIMIT_PER_SECOND', 'RATE_LIMIT_BURST'].flatMap((name) => {
      const value = new RegExp(`^ {6}${name}:\\s*'?(\\d+)'?`, 'm').exec(gateway)?.[1];
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return { nodeOptions: nodeOptions.replace(/^(['"])(.*)\1$/, '$2'), limitsMiB, gatewayEnv };
}

/** The memory-leak scenario's fault, as the scenario file gives it. */
export interface LeakScenario {
  rule: { point: string; kind: string; probability: number; params: Record<string, number> };
  mbPerMinute: number;
  durationMinutes: number;
}

/** Reads scenarios/catalog-memory-leak.yaml's one fault (a line-level read of a fixed layout). */
export function readLeakScenario(
  file = join(REPO, 'scenarios', 'catalog-memory-leak.yaml'),
): LeakScenario {
  const text = readFileSync(file, 'utf8');
  const number = (key: string): number => {
    const value = new RegExp(`\\b${key}:\\s*([\\d.]+)`).exec(text)?.[1];
    if (value === undefined) throw new Error(`${file}: no ${key}`);
    return Number(value);
  };
  const mbPerMinute = number('mbPerMinute');
  if (!/\bpoint: process\.memory\b/.test(text) || !/\bkind: memory_leak\b/.test(text)) {
    throw new Error(`${file}: expected one process.memory memory_leak fault`);
  }
  return {
    rule: {
      point: 'process.memory',
      kind: 'memory_leak',
      probability: number('probability'),
      params: { mbPerMinute, maxMb: number('maxMb') },
    },
    mbPerMinute,
    durationMinutes: number('durationSeconds') / 60,
  };
}

/** A k6 script's default arrival rate and checkout share, read from its source. */
function scriptLoad(script: string, rateVariable: string): { rate: number; checkoutShare: number } {
  const text = readFileSync(join(REPO, 'load-tests', script), 'utf8');
  const rate = new RegExp(`__ENV\\['${rateVariable}'\\] \\?\\? '([\\d.]+)'`).exec(text)?.[1];
  const share = /shop\(\{ checkoutShare: ([\d.]+) \}\)/.exec(text)?.[1];
  if (rate === undefined || share === undefined) {
    throw new Error(`load-tests/${script}: no default ${rateVariable} or checkoutShare`);
  }
  return { rate: Number(rate), checkoutShare: Number(share) };
}

/** The everyday shoppers compose runs all the time (load-tests/shoppers.ts at its defaults). */
export function readShoppers(): { visitRate: number; checkoutShare: number } {
  const { rate, checkoutShare } = scriptLoad('shoppers.ts', 'SHOPPERS_RATE');
  return { visitRate: rate, checkoutShare };
}

/**
 * The load at the sale's peak as compose sees it: the sale's crowd on top of the everyday shoppers
 * (seasonal-sale.ts runs beside them), with the checkout share of all their visits together, so
 * the checkouts a second are compose's.
 */
export function readSalePeak(): { visitRate: number; checkoutShare: number } {
  const sale = scriptLoad('seasonal-sale.ts', 'SALE_PEAK_RATE');
  const shoppers = readShoppers();
  const visitRate = sale.rate + shoppers.visitRate;
  const checkouts = sale.rate * sale.checkoutShare + shoppers.visitRate * shoppers.checkoutShare;
  return { visitRate, checkoutShare: checkouts / visitRate };
}
