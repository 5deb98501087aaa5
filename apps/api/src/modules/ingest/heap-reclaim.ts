import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Runs a full garbage collection once large ingest bodies totalling `everyBytes` have been released (or
 * refused: a refused body is still read off the socket and dropped). A large
 * body leaves many times its size in garbage (its text, each slice's insert statement and the driver's copy
 * of it), much of it outside the JS heap, and V8 collects that only every so often: measured, this halves
 * the peak RSS of a burst of large bodies (BENCHMARKS.md, ingest memory). Small bodies (the Event Handler's
 * one event per request) never trigger it; the young-generation collector handles their garbage cheaply.
 */
export function createHeapReclaimer({ everyBytes, largeBodyBytes = 1024 * 1024 }: { everyBytes: number; largeBodyBytes?: number }) {
  const collect = exposeGc();
  let released = 0;
  let scheduled = false;
  return (bytes: number): void => {
    if (bytes < largeBodyBytes) return;
    released += bytes;
    if (released < everyBytes || scheduled) return;
    released = 0;
    scheduled = true;
    // After the current request's response is on its way, not in the middle of it.
    setImmediate(() => {
      scheduled = false;
      collect();
    });
  };
}

/** global.gc without starting node with --expose-gc, however the process was started (npm, Docker, tests). */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
