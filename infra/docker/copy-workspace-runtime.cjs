#!/usr/bin/env node
/**
 * Usage: node copy-workspace-runtime.cjs <built-tree> <pruned-tree> <service>
 *
 * After `npm ci --omit=dev --workspace apps/<service>` the pruned tree links workspace packages
 * under node_modules/@faultline/, each a folder that holds only its package.json. This copies what
 * the service loads at run time from the built tree: the compiled dist/ (and migrations/, which a
 * service's main.js reads at ../migrations) of the service and of every workspace package it
 * depends on through `dependencies`, transitively. Workspaces linked only as dev dependencies get
 * nothing, so a runtime import of one fails. The Dockerfile and the native test of the production
 * install (tests/stack-config) both run this script, so they cannot drift apart.
 */
const { cpSync, existsSync, lstatSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const [built, pruned, service] = process.argv.slice(2);
if (!built || !pruned || !service) {
  console.error('usage: copy-workspace-runtime.cjs <built-tree> <pruned-tree> <service>');
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// Workspace folder of each workspace package name, as the lock file records them.
const folders = new Map();
for (const [path, entry] of Object.entries(readJson(join(pruned, 'package-lock.json')).packages)) {
  if (path !== '' && !path.includes('node_modules') && entry.name) folders.set(entry.name, path);
}

const queue = [`apps/${service}`];
const copied = new Set();
while (queue.length > 0) {
  const folder = queue.shift();
  if (copied.has(folder)) continue;
  copied.add(folder);
  const manifest = readJson(join(pruned, folder, 'package.json'));
  const link = join(pruned, 'node_modules', manifest.name);
  if (!existsSync(link) || !lstatSync(link).isSymbolicLink()) {
    console.error(`copy-workspace-runtime: npm did not link ${manifest.name} in ${pruned}`);
    process.exit(1);
  }
  if (!existsSync(join(built, folder, 'dist'))) {
    console.error(`copy-workspace-runtime: ${folder} has no dist/ in ${built} (was it built?)`);
    process.exit(1);
  }
  for (const part of ['dist', 'migrations']) {
    const source = join(built, folder, part);
    if (!existsSync(source)) continue;
    rmSync(join(pruned, folder, part), { recursive: true, force: true });
    cpSync(source, join(pruned, folder, part), { recursive: true });
  }
  console.log(`copy-workspace-runtime: ${folder}`);
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (folders.has(name)) queue.push(folders.get(name));
  }
}
