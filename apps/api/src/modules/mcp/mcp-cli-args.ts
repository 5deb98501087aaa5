/**
 * The stdio CLI's configuration, from its flags only (a desktop assistant's config file passes them): the API's
 * base URL, the key (on the command line or in a file, so it need not show in a process listing), and whether the
 * changing tools are offered at all (off unless asked for: an assistant is read-only by default).
 */
export type McpCliConfig = { apiUrl: string; apiKey: string | null; apiKeyFile: string | null; allowChanges: boolean };
export type McpCliArgs = { kind: 'run'; config: McpCliConfig } | { kind: 'help' } | { kind: 'misuse'; message: string };

export const MCP_CLI_USAGE = `Usage: npm run --silent mcp -- --api-url <url> (--api-key <key> | --api-key-file <path>) [--read-only]

An MCP server on stdio for desktop assistants, over the REST API of a running Teleport audit ingest service.

  --api-url <url>        the service's base URL, e.g. http://127.0.0.1:8080
  --api-key <key>        an API key (tai_ak_…); its tenant and role decide what the tools see and may do
  --api-key-file <path>  read the key from this file instead
  --allow-changes        offer the changing tools (acknowledge_alert, set_rule_enabled) to an admin key;
                         without it no tool changes anything (--read-only, the old flag, is that default)
  --help                 this text
`;

const VALUE_FLAGS = new Set(['--api-url', '--api-key', '--api-key-file']);

export function parseMcpCliArgs(argv: readonly string[]): McpCliArgs {
  const values = new Map<string, string>();
  let allowChanges = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--allow-changes') {
      allowChanges = true;
      continue;
    }
    if (arg === '--read-only') continue; // the default now; still accepted so existing configs keep working
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!VALUE_FLAGS.has(flag)) return { kind: 'misuse', message: `unknown option ${flag}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'misuse', message: `${flag} needs a value` };
    values.set(flag, value);
  }
  const apiUrl = values.get('--api-url');
  if (!apiUrl) return { kind: 'misuse', message: '--api-url is required' };
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return { kind: 'misuse', message: `--api-url is not a URL (got "${apiUrl}")` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'misuse', message: `--api-url must be http or https (got ${url.protocol})` };
  const apiKey = values.get('--api-key') ?? null;
  const apiKeyFile = values.get('--api-key-file') ?? null;
  if (!apiKey === !apiKeyFile) return { kind: 'misuse', message: 'give exactly one of --api-key and --api-key-file' };
  return { kind: 'run', config: { apiUrl: url.toString().replace(/\/+$/, ''), apiKey, apiKeyFile, allowChanges } };
}
