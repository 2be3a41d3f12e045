/**
 * Reads the queries and dashboard references out of Faultline's Markdown docs, so tests can parse
 * every query, evaluate the PromQL ones against a real Prometheus, and resolve every dashboard and
 * panel name against the generated dashboards. The conventions are documented in docs/README.md:
 *
 * - a query is a fenced block tagged ```promql, ```logql or ```traceql, holding one literal query
 *   (no Grafana variables);
 * - the first non-blank line after a promql block may state what it returns while the tutorial's
 *   incident runs: `<!-- expect: > 0 -->` (every sample compares so; `>`, `<`, `>=`, `<=`, `==`)
 *   or `<!-- expect: nonempty -->` (at least one sample); or, for the recovery the tutorial
 *   watches once the fault is cleared, `<!-- expect after the fix: == 0 -->`;
 * - a panel is named in bold as `**Dashboard › Panel**`; a dashboard alone as a bold name followed
 *   by the word "dashboard" or "dashboards" (`the **Shop overview** dashboard`, or a list such as
 *   `the **Service RED** and **Checkout dependencies** dashboards`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The query languages a docs code fence can be tagged with. */
export type DocQueryLanguage = 'promql' | 'logql' | 'traceql';

/** A comparison every returned sample must satisfy. */
export type ExpectOperator = '>' | '<' | '>=' | '<=' | '==';

/** What a PromQL query of the docs returns while the tutorial's incident runs. */
export type DocExpectation = { op: ExpectOperator; value: number } | 'nonempty';

/** When an expectation holds: while the incident runs, or once the fault is cleared. */
export type DocExpectationPhase = 'incident' | 'after the fix';

/** One query of the docs. */
export interface DocQuery {
  /** Path of the Markdown file relative to the scanned folder, with `/` separators. */
  file: string;
  /** 1-based line of the query's first line (the line after the opening fence). */
  line: number;
  language: DocQueryLanguage;
  /** The block's content, indentation removed, trimmed. */
  query: string;
  /** Only on promql blocks followed by an expect comment. */
  expect?: DocExpectation;
  /** When `expect` holds; set with it. */
  phase?: DocExpectationPhase;
}

/** A dashboard, or a panel of one, named in the docs. */
export interface DashboardReference {
  file: string;
  line: number;
  dashboard: string;
  /** Absent when the text names the dashboard alone. */
  panel?: string;
  /** The reference as written, e.g. `**Shop overview › Payment success ratio**`. */
  text: string;
}

/** Something in the docs that breaks the conventions (a test should fail on any of these). */
export interface DocProblem {
  file: string;
  line: number;
  message: string;
}

export interface DocsScan {
  queries: DocQuery[];
  references: DashboardReference[];
  problems: DocProblem[];
}

const LANGUAGES: readonly DocQueryLanguage[] = ['promql', 'logql', 'traceql'];

/** Fence tags that look like a query language but would be skipped by the checks. */
const NEAR_MISS_TAGS: Readonly<Record<string, DocQueryLanguage>> = {
  prometheus: 'promql',
  prom: 'promql',
  loki: 'logql',
  tempo: 'traceql',
};

/** The separator between a dashboard and a panel title in a reference. */
export const PANEL_SEPARATOR = ' › ';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)/;
const EXPECT_COMMENT = /^\s*<!--\s*expect(\s+after the fix)?\s*:(.*?)-->\s*$/;
const ANY_EXPECT_COMMENT = /<!--\s*expect\s*:/;
const GRAFANA_VARIABLE = /\$(\{|__|[A-Za-z_])/;
const BOLD = /\*\*([^*\n]+?)\*\*/g;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/**
 * Parses the text of an expect comment (`> 0`, `<= 0.9`, `nonempty`); undefined when it is none of
 * the forms.
 */
export function parseExpectation(text: string): DocExpectation | undefined {
  const trimmed = text.trim();
  if (trimmed === 'nonempty') return 'nonempty';
  const match = /^(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(trimmed);
  if (!match?.[1] || !match[2]) return undefined;
  return { op: match[1] as ExpectOperator, value: Number(match[2]) };
}

/** The expectation as it is written in a comment: `> 0`, `nonempty`. */
export function formatExpectation(expect: DocExpectation): string {
  return expect === 'nonempty' ? 'nonempty' : `${expect.op} ${expect.value}`;
}

const COMPARE: Readonly<Record<ExpectOperator, (a: number, b: number) => boolean>> = {
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
};

/**
 * Whether a query's result meets its expectation: `nonempty` needs at least one sample; a
 * comparison needs at least one sample and every sample to satisfy it (NaN never does).
 */
export function expectationHolds(expect: DocExpectation, samples: readonly number[]): boolean {
  if (samples.length === 0) return false;
  if (expect === 'nonempty') return true;
  return samples.every((sample) => COMPARE[expect.op](sample, expect.value));
}

/** The lines of a fenced block with the fence's own indentation removed. */
function dedent(lines: readonly string[], indent: number): string[] {
  return lines.map((line) => line.replace(new RegExp(`^ {0,${indent}}`), ''));
}

/** Bold spans of one line of prose (inline code removed), with where each ends. */
function boldSpans(line: string): { text: string; start: number; end: number }[] {
  const prose = line.replace(INLINE_CODE, (code) => ' '.repeat(code.length));
  return [...prose.matchAll(BOLD)].map((match) => ({
    text: (match[1] ?? '').trim(),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The dashboard and panel references of one line of prose. */
function referencesIn(
  file: string,
  lineNumber: number,
  line: string,
  nextLine: string,
  problems: DocProblem[],
): DashboardReference[] {
  const spans = boldSpans(line);
  const found: DashboardReference[] = [];
  // A bold name followed by "dashboard(s)" names a dashboard; so does each name of a list that
  // ends so ("**A**, **B** and **C** dashboards"). Walk backwards to carry the list along.
  const namesDashboard = new Array<boolean>(spans.length).fill(false);
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i];
    if (!span) continue;
    // Prose wraps: "the **Instructor**⏎dashboard" still names a dashboard.
    const rest = line.slice(span.end);
    const after = /^\s*$/.test(rest) ? ` ${nextLine.trimStart()}` : rest;
    const next = spans[i + 1];
    const between = next ? line.slice(span.end, next.start) : '';
    namesDashboard[i] =
      /^\s+dashboards?\b/.test(after) ||
      (next !== undefined &&
        namesDashboard[i + 1] === true &&
        /^(\s*,\s*|\s+)((and|or)\s+)?$/.test(between));
  }
  spans.forEach((span, i) => {
    const raw = `**${span.text}**`;
    if (span.text.includes(PANEL_SEPARATOR.trim())) {
      const parts = span.text.split(PANEL_SEPARATOR.trim()).map((part) => part.trim());
      const [dashboard, panel] = parts;
      if (parts.length !== 2 || !dashboard || !panel) {
        problems.push({
          file,
          line: lineNumber,
          message: `${raw}: a panel reference is **Dashboard${PANEL_SEPARATOR}Panel**`,
        });
        return;
      }
      found.push({ file, line: lineNumber, dashboard, panel, text: raw });
    } else if (namesDashboard[i]) {
      found.push({ file, line: lineNumber, dashboard: span.text, text: raw });
    }
  });
  return found;
}

/** Queries, dashboard references and convention problems of one Markdown text. */
export function scanMarkdown(file: string, markdown: string): DocsScan {
  const lines = markdown.split(/\r?\n/);
  const scan: DocsScan = { queries: [], references: [], problems: [] };
  const problem = (line: number, message: string): void => {
    scan.problems.push({ file, line, message });
  };
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const fence = FENCE.exec(line);
    if (!fence) {
      if (ANY_EXPECT_COMMENT.test(line)) {
        problem(index + 1, 'an expect comment must directly follow a promql block');
      }
      const next = lines[index + 1] ?? '';
      scan.references.push(...referencesIn(file, index + 1, line, next, scan.problems));
      index += 1;
      continue;
    }
    const [, indent = '', marker = '```', rawTag = ''] = fence;
    const tag = rawTag.toLowerCase();
    const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) end += 1;
    if (end >= lines.length) {
      problem(index + 1, `the code block opened here is never closed`);
      break;
    }
    const body = dedent(lines.slice(index + 1, end), indent.length)
      .join('\n')
      .trim();
    const language = LANGUAGES.find((candidate) => candidate === rawTag);
    if (language) {
      const query: DocQuery = { file, line: index + 2, language, query: body };
      if (body === '') problem(index + 1, `an empty ${language} block`);
      if (GRAFANA_VARIABLE.test(body)) {
        problem(index + 2, `a ${language} query with a Grafana variable: write a literal query`);
      }
      // The comment follows the block; Prettier keeps a blank line between the two.
      let next = end + 1;
      while (next < lines.length && (lines[next] ?? '').trim() === '') next += 1;
      const comment = EXPECT_COMMENT.exec(lines[next] ?? '');
      if (comment) {
        const expect = parseExpectation(comment[2] ?? '');
        if (language !== 'promql') {
          problem(next + 1, `expect comments belong to promql blocks, not ${language}`);
        } else if (!expect) {
          problem(
            next + 1,
            `cannot read "${(comment[2] ?? '').trim()}": write > 0, <= 0.9, == 1 or nonempty`,
          );
        } else {
          query.expect = expect;
          query.phase = comment[1] === undefined ? 'incident' : 'after the fix';
        }
        end = next;
      }
      scan.queries.push(query);
    } else if (LANGUAGES.includes(tag as DocQueryLanguage) || tag in NEAR_MISS_TAGS) {
      const meant = NEAR_MISS_TAGS[tag] ?? tag;
      problem(index + 1, `tag the block \`\`\`${meant} (lower case) so the query is checked`);
    }
    index = end + 1;
  }
  return scan;
}

/** Every .md file under `dir`, recursively, sorted, as paths relative to `dir`. */
function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * Every query, dashboard reference and convention problem of every Markdown file under `dir`
 * (recursively); `file` fields are relative to `dir`.
 */
export function scanDocs(dir: string): DocsScan {
  const scan: DocsScan = { queries: [], references: [], problems: [] };
  for (const file of markdownFiles(dir)) {
    const one = scanMarkdown(file, readFileSync(join(dir, file), 'utf8'));
    scan.queries.push(...one.queries);
    scan.references.push(...one.references);
    scan.problems.push(...one.problems);
  }
  return scan;
}

/** A `faultline run <scenario>` command of the docs, and the pace it gives. */
export interface DocScenarioRun {
  /** 1-based line of the command. */
  line: number;
  scenario: string;
  /** Its `--duration` in seconds, when it gives one (the timeline stretched to that length). */
  durationSeconds?: number;
}

const SCENARIO_RUN = /\bfaultline\s+(?:--\s+)?run\s+([a-z0-9][a-z0-9-]*)(.*)$/;

/**
 * Every `npm run faultline -- run <scenario> …` in the code blocks of one Markdown text, in order,
 * with its `--duration`: what a reader of that page starts, and for how long.
 */
export function scenarioRuns(markdown: string): DocScenarioRun[] {
  const runs: DocScenarioRun[] = [];
  let inBlock = false;
  markdown.split(/\r?\n/).forEach((text, index) => {
    if (FENCE.test(text)) {
      inBlock = !inBlock;
      return;
    }
    const run = inBlock ? SCENARIO_RUN.exec(text.replace(/#.*$/, '')) : null;
    if (!run?.[1]) return;
    const duration = /\s--duration[\s=]+(\d+)\b/.exec(run[2] ?? '')?.[1];
    runs.push({
      line: index + 1,
      scenario: run[1],
      ...(duration === undefined ? {} : { durationSeconds: Number(duration) }),
    });
  });
  return runs;
}
