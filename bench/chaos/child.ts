import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../test/support/processes.js';

const TAIL_CHARS = 20_000;

export type Child = {
  name: string;
  pid: number;
  /** the last TAIL_CHARS of stdout and stderr */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running: () => boolean;
  /** sends a signal and waits for the exit; this exit is then expected (not reported as a crash) */
  kill: (signal: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
};

/**
 * A long-running child with its output kept (the tail only, the chaos run is long). An exit nobody asked
 * for goes to onUnexpectedExit, so a scenario can report a crash instead of timing out on it.
 */
export function startChild({ name, command, args, env, onUnexpectedExit, logDir }: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  onUnexpectedExit: (child: Child, how: string) => void;
  /** when set, the whole output also goes to <logDir>/<name>-<pid>.log */
  logDir: string | null;
}): Child {
  const proc: ChildProcess = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = logDir ? createWriteStream(path.join(logDir, `${name}-${proc.pid}.log`)) : null;
  let out = '';
  const keep = (d: Buffer) => {
    file?.write(d);
    out += d;
    if (out.length > 2 * TAIL_CHARS) out = out.slice(-TAIL_CHARS);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let expected = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      file?.end();
      resolve({ code, signal });
    });
  });
  const child: Child = {
    name,
    pid: proc.pid!,
    output: () => out.slice(-TAIL_CHARS),
    exited,
    running: () => proc.exitCode === null && proc.signalCode === null,
    kill: async (signal) => {
      expected = true;
      const started = Date.now();
      if (child.running()) proc.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
  };
  void exited.then(({ code, signal }) => {
    if (!expected) onUnexpectedExit(child, signal ? `signal ${signal}` : `exit code ${code}`);
  });
  return child;
}
