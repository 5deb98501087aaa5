import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

// Where the 2 cores went during a phase, from /proc (Linux). Elsewhere every figure is NaN and the line says so.

let clockTicks: number | null = null;
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process, in seconds; NaN when it cannot be read. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of every process named `postgres` (the server and all its backends) and of kernel threads
 * (children of kthreadd: I/O flushers and the like), among processes still alive.
 */
function scanProcesses(): { postgres: number; kernel: number } {
  let postgres = 0;
  let kernel = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres') postgres += seconds;
        else if (fields[1] === '2' || entry === '2') kernel += seconds;
      } catch {
        // the process ended while being read
      }
    }
  } catch {
    return { postgres: Number.NaN, kernel: Number.NaN };
  }
  return { postgres, kernel };
}

/** Busy, interrupt (irq + softirq) and total CPU seconds of the whole machine (all cores). */
function machineCpuSeconds(): { busy: number; interrupts: number; total: number } {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = values.slice(0, 8).map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const idle = n[3]! + n[4]!;
    return { busy: (total - idle) / ticksPerSecond(), interrupts: (n[5]! + n[6]!) / ticksPerSecond(), total: total / ticksPerSecond() };
  } catch {
    return { busy: Number.NaN, interrupts: Number.NaN, total: Number.NaN };
  }
}

type Snapshot = { at: number; machine: { busy: number; interrupts: number; total: number }; api: number; worker: number; postgres: number; kernel: number; bench: number };

function snapshot(apiPid: number | null, workerPid: number | null): Snapshot {
  const usage = process.cpuUsage();
  const { postgres, kernel } = scanProcesses();
  return {
    at: performance.now(), machine: machineCpuSeconds(), api: apiPid === null ? 0 : processCpuSeconds(apiPid),
    worker: workerPid === null ? 0 : processCpuSeconds(workerPid), postgres, kernel, bench: (usage.user + usage.system) / 1e6,
  };
}

export type CpuShare = {
  wallSeconds: number;
  /** busy share of all cores (100 = every core saturated) */
  machineBusyPct: number;
  /** the rest below are % of ONE core */
  apiPct: number;
  /** the detection worker, when the phase has one (0 otherwise) */
  workerPct: number;
  postgresPct: number;
  loadGeneratorPct: number;
  /** kernel threads, interrupts and softirq (loopback TCP is processed there) */
  kernelPct: number;
  /** every other process on the machine: a large figure means the run was disturbed */
  otherPct: number;
};

/** Starts measuring (apiPid null: no API process); the returned function gives each party's CPU as % of ONE core. */
export function measureCpu(apiPid: number | null, workerPid: number | null = null): () => CpuShare {
  const start = snapshot(apiPid, workerPid);
  return () => {
    const end = snapshot(apiPid, workerPid);
    const wall = (end.at - start.at) / 1000;
    const pct = (seconds: number) => (seconds / wall) * 100;
    const machineTotal = end.machine.total - start.machine.total;
    const machineBusy = end.machine.busy - start.machine.busy;
    const api = pct(end.api - start.api);
    const worker = pct(end.worker - start.worker);
    const postgres = pct(end.postgres - start.postgres);
    const loadGenerator = pct(end.bench - start.bench);
    const kernel = pct(end.kernel - start.kernel) + pct(end.machine.interrupts - start.machine.interrupts);
    return {
      wallSeconds: wall,
      machineBusyPct: (machineBusy / machineTotal) * 100,
      apiPct: api,
      workerPct: worker,
      postgresPct: postgres,
      loadGeneratorPct: loadGenerator,
      kernelPct: kernel,
      // /proc/stat counts every core: busy share x cores = % of one core
      otherPct: Math.max(0, (machineBusy / machineTotal) * os.availableParallelism() * 100 - api - worker - postgres - loadGenerator - kernel),
    };
  };
}

export const formatCpu = (c: CpuShare): string => Number.isNaN(c.machineBusyPct)
  ? 'cpu: not measured (no /proc)'
  : `cpu (% of one core): API ${c.apiPct.toFixed(0)}%, ${c.workerPct > 0 ? `worker ${c.workerPct.toFixed(0)}%, ` : ''}postgres ${c.postgresPct.toFixed(0)}%, load generator ${c.loadGeneratorPct.toFixed(0)}%, kernel ${c.kernelPct.toFixed(0)}%, other ${c.otherPct.toFixed(0)}%; machine ${c.machineBusyPct.toFixed(0)}% busy of all cores`;

/** Above this much CPU (% of one core) used by other processes, a phase's figures are not trustworthy. */
export const DISTURBED_OTHER_PCT = 20;

export const disturbance = (phase: string, c: CpuShare): string | null => c.otherPct > DISTURBED_OTHER_PCT
  ? `${phase} other processes used ${c.otherPct.toFixed(0)}% of a core during the phase (quiet runs: under 10%); the figures are disturbed, rerun on a quiet machine`
  : null;
