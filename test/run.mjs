// The test command: checks the services the suite needs, then runs every *.test.ts with node's test runner.
// (Node 20's --test does not expand globs itself, hence the file walk.)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.git', '.data']);

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return findTests(full);
    return name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

const preflight = spawnSync(process.execPath, ['--import', 'tsx', 'test/preflight.ts'], { cwd: root, stdio: 'inherit' });
if (preflight.status !== 0) process.exit(preflight.status ?? 1);

// Tests start the production bundles as child processes; build them once here, not in tests running side by side.
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--server', '--if-stale'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = [...findTests(path.join(root, 'test')), ...findTests(path.join(root, 'packages')), ...findTests(path.join(root, 'apps')), ...findTests(path.join(root, 'db'))].sort();
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((needle) => f.includes(needle))) : files;
if (selected.length === 0) {
  console.error(`no test files match ${filter.join(' ')}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
