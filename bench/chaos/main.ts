// Fault injection: `npm run chaos` (every scenario, full size), `npm run chaos -- --short` (CI), `--only a,c`.
// It starts its own Postgres, Redis, fauxqs, API and worker on loopback, never the machine's own services,
// and removes all of it on exit, Ctrl-C included. See options.ts for the scenarios.
import './quiet-warnings.js';
import { mkdir } from 'node:fs/promises';
import { createChaosEvents } from './events.js';
import { parseChaosOptions, USAGE } from './options.js';
import { formatScenario, formatSummary, scenarioPassed, type ScenarioResult } from './report.js';
import { planScenarios } from './scenarios.js';
import { buildIfPossible } from './services.js';
import { startChaosStack } from './stack.js';

const runStarted = Date.now();
const log = (line: string) => console.log(`[chaos +${((Date.now() - runStarted) / 1000).toFixed(1)}s] ${line}`);

// Cleanups run last-registered first; each runs once, whether the run ends, fails or is interrupted.
const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) {
    const cleanup = cleanups.pop()!;
    await cleanup().catch((err: unknown) => console.error(`[chaos] cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[chaos] ${signal}: stopping everything`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const options = parseChaosOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const { size, only, logDir } = options;
  if (logDir) await mkdir(logDir, { recursive: true });
  await buildIfPossible(log);
  const stack = await startChaosStack({ log, cleanups, logDir });
  const ctx = { stack, size, events: createChaosEvents(), log };
  const results: ScenarioResult[] = [];
  for (const step of planScenarios(only, size)) {
    const result = await step(ctx);
    results.push(result);
    console.log(`\n${formatScenario(result)}\n`);
    if (!scenarioPassed(result)) {
      log(`api output (tail):\n${stack.api().output().trim().split('\n').slice(-20).join('\n')}`);
      log(`worker output (tail):\n${stack.worker().output().trim().split('\n').slice(-20).join('\n')}`);
    }
  }
  console.log(`\nChaos run (${size.mode}, scenarios ${only.join(',')}) in ${((Date.now() - runStarted) / 1000).toFixed(0)} s\n`);
  console.log(formatSummary(results));
  const ok = results.every(scenarioPassed);
  console.log(`\n${ok ? 'PASS: nothing accepted was lost or stored twice' : 'FAIL: see the scenarios above'}`);
  return ok ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`[chaos] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = 2;
} finally {
  await cleanUp();
}
// fauxqs and the keep-alive agents are closed, but a stray timer must not hold the run open.
process.exit(process.exitCode);
