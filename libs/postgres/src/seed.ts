import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every `INSERT INTO <table>` statement in the Up sections of the migrations in `dir` (the
 * `NNN_name.sql` files `migrate` applies), in the order they were applied: the seed as the
 * migrations wrote it, so a service's data reset inserts the same rows and the seed is written once. Throws when there is none (a renamed table must not reset to nothing).
 */
export function seedStatements(table: string, dir: string): string[] {
  const insert = new RegExp(`^INSERT\\s+INTO\\s+${table}\\b`, 'i');
  const statements = readdirSync(dir)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort()
    .flatMap((name) => upStatements(readFileSync(join(dir, name), 'utf8')))
    .filter((statement) => insert.test(statement));
  if (statements.length === 0) throw new Error(`no migration in ${dir} seeds ${table}`);
  return statements;
}

/** The statements of a migration's Up section, comment lines left out. */
function upStatements(migration: string): string[] {
  const up = migration.split(/^-- Down Migration\s*$/m)[0] ?? '';
  return up
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}
