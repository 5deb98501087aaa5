import type { FieldReader } from './field-readers.js';

export type EventCommand = {
  command: string | null;
  program: string | null;
  path: string | null;
  argv: string[] | null;
  exitCode: number | null;
};

/**
 * Process columns for exec, scp/sftp and BPF events (event-schema.md §4.1). `command` is what a user
 * would search for, so when an event has no `command` string it is rebuilt from `initial_command`
 * (session.start) or from `program` plus its arguments (session.command).
 */
export function readCommand({ read }: { read: FieldReader }): EventCommand {
  const program = read.text({ column: 'program', from: ['program'] });
  const argv = read.stringArray({ column: 'argv', from: ['argv'] });
  return {
    command: read.text({ column: 'command', from: ['command'] }) ?? joinedInitialCommand(read) ?? programLine({ read, program, argv }),
    program,
    path: read.text({ column: 'path', from: ['path', 'file_path'] }),
    argv,
    // exec's `exitCode` is a string on the wire ("1"); BPF events use the integer `return_code`.
    exitCode: read.integer({ column: 'exit_code', from: ['exitCode', 'return_code', 'exit_code'], type: 'int', numericStrings: true }),
  };
}

function joinedInitialCommand(read: FieldReader): string | null {
  const parts = read.stringArray({ column: 'command', from: ['initial_command'] });
  const joined = parts?.join(' ').trim();
  // Panther's session.start carries `[""]`: an interactive shell, not an empty command.
  return joined ? joined : null;
}

/**
 * The 2019 `session.exec` BPF events put arguments in an `args` string instead of `argv`; using it is
 * our extension of the §4.1 mapping (inference), so that `ls --color=auto -alF` is searchable.
 */
function programLine({ read, program, argv }: { read: FieldReader; program: string | null; argv: string[] | null }) {
  if (program === null) return null;
  const legacyArgs = read.string('args');
  return [program, ...(argv ?? (legacyArgs ? [legacyArgs] : []))].join(' ');
}
