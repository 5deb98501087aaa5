import type { BenchDatabase } from './database.js';

/**
 * What a benchmark holds that Ctrl-C must not orphan: the child process under load (stopped) and the
 * throwaway database (named, so it can be dropped by hand).
 */
export function createBenchGuard() {
  let childPid: number | null = null;
  let db: BenchDatabase | null = null;
  const onSignal = () => {
    if (childPid) process.kill(childPid, 'SIGTERM');
    console.error(`[bench] interrupted${db ? `; drop the database yourself: drop database ${db.name} with (force)` : ''}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    child(pid: number | null): void {
      childPid = pid;
    },
    database(created: BenchDatabase): void {
      db = created;
    },
    /** Drops the database, or keeps it with --keep; either way it is no longer the guard's. */
    async release({ keep, log }: { keep: boolean; log: (msg: string) => void }): Promise<void> {
      if (!db) return;
      const owned = db;
      db = null;
      if (keep) {
        await owned.close();
        log(`kept database ${owned.name}`);
      } else {
        await owned.drop();
        log(`dropped database ${owned.name}`);
      }
    },
  };
}

/** Runs a benchmark's main: its exit code (0 checks passed, 1 a check failed), or 2 with a one-line error. */
export async function runBench(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}
