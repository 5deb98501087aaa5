import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The main thread's profile of one API child: --cpu-prof also writes a small one for tsx's loader thread. */
export function mainThreadProfile(dir: string, pid: number): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`))
    .map((f) => path.join(dir, f))
    .sort((x, y) => statSync(y).size - statSync(x).size);
  return files[0] ?? null;
}
