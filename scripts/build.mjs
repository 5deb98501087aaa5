// `npm run build`: bundles each process's entry point into one JavaScript file, so production runs plain
// `node apps/api/dist/main.js` (no tsx, no npm in between to swallow signals). Our own workspace packages
// (@tai/*) are bundled in; every other package stays a runtime import from node_modules.
//   --if-stale   skip what is newer than its sources (npm start, the test run): rebuilding a bundle that a
//                running process is about to load would race with it
//   --server     only the server bundles
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));

export const ENTRY_POINTS = {
  'apps/api/dist/main': 'apps/api/src/main.ts',
  'apps/worker/dist/main': 'apps/worker/src/main.ts',
  'apps/standalone/dist/main': 'apps/standalone/src/main.ts',
  'apps/standalone/dist/admin': 'apps/standalone/src/admin.cli.ts',
  'db/dist/migrate': 'db/src/migrate.cli.ts',
};

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (resolve) => (resolve.path.startsWith('@tai/') ? undefined : { path: resolve.path, external: true }));
  },
};

const SERVER_SOURCES = ['packages/core/src', 'db/src', 'apps/api/src', 'apps/worker/src', 'apps/standalone/src', 'package-lock.json', 'scripts/build.mjs'];

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

function serverIsFresh() {
  try {
    const builtAt = Math.min(...Object.keys(ENTRY_POINTS).map((out) => statSync(path.join(root, `${out}.js`)).mtimeMs));
    return builtAt >= Math.max(...SERVER_SOURCES.map((entry) => newest(path.join(root, entry))));
  } catch {
    return false; // a bundle is missing
  }
}

async function buildServer() {
  if (args.has('--if-stale') && serverIsFresh()) return;
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRY_POINTS).map(([out, input]) => ({ out, in: input })),
    outdir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    plugins: [externalPackages],
    logLevel: 'warning',
    // Bundled ESM has no `require`; a few CommonJS dependencies reached through import still expect one.
    banner: { js: "import { createRequire as __taiCreateRequire } from 'node:module'; const require = __taiCreateRequire(import.meta.url);" },
  });
  // The built-in detection pack is read at run time from `pack/` beside the module (BUILTIN_PACK_DIR).
  for (const dir of new Set(Object.keys(ENTRY_POINTS).map((out) => path.dirname(out)))) {
    cpSync(path.join(root, 'packages/core/src/detections/pack'), path.join(root, dir, 'pack'), { recursive: true });
  }
  console.error(`server bundles built in ${Date.now() - started} ms`);
}

function buildWeb() {
  const script = path.join(root, 'apps', 'web', 'build-if-stale.mjs');
  const run = spawnSync(process.execPath, [script, ...(args.has('--if-stale') ? [] : ['--force'])], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}

await buildServer();
if (!args.has('--server')) buildWeb();
