// Builds the dashboard when dist/ is missing or older than its sources (`npm start`, through scripts/build.mjs), so a
// fresh clone serves the dashboard with no extra step and later starts cost nothing. `--force` always builds.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;
const built = path.join(root, 'dist', 'index.html');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

let builtAt = 0;
try {
  builtAt = statSync(built).mtimeMs;
} catch {
  // not built yet
}
const sourcesAt = Math.max(...['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => newest(path.join(root, name))));
const force = process.argv.includes('--force');
if (force || builtAt < sourcesAt) {
  if (!force) console.error(builtAt ? 'dashboard sources changed; rebuilding' : 'building the dashboard (first start)');
  const vite = path.join(root, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('the dashboard did not build; the API still starts and says so at /');
    if (force) process.exit(run.status ?? 1);
  }
}
