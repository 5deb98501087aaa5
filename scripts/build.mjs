// `npm run build`: bundles each process's entry point into one JavaScript file, so production runs plain
// `node apps/api/dist/main.js` (no tsx, no npm in between to swallow signals). Our own workspace packages
// (@tai/*) are bundled in; every other package stays a runtime import from node_modules.
//   --if-stale   skip the dashboard build when apps/web/dist is newer than its sources (npm start)
//   --server     only the server bundles
import { spawnSync } from 'node:child_process';
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

async function buildServer() {
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
  console.error(`server bundles built in ${Date.now() - started} ms`);
}

function buildWeb() {
  const script = path.join(root, 'apps', 'web', 'build-if-stale.mjs');
  const run = spawnSync(process.execPath, [script, ...(args.has('--if-stale') ? [] : ['--force'])], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}

await buildServer();
if (!args.has('--server')) buildWeb();
