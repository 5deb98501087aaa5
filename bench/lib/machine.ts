import os from 'node:os';

export type Machine = { date: string; cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string };

export function describeMachine(postgresVersion: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: postgresVersion,
  };
}

export const formatMachine = (m: Machine): string =>
  `${m.date} | ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB | Node ${m.node} | ${m.postgres}`;
