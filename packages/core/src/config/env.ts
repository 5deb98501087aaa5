import { z } from 'zod';

/** Start-up configuration that cannot be used; the message names each variable and what it expects. */
export class ConfigError extends Error {
  readonly problems: { variable: string; problem: string; expected: string }[];
  constructor(problems: ConfigError['problems']) {
    super(['Invalid configuration:', ...problems.map((p) => `  ${p.variable}: ${p.problem}; expected ${p.expected}`)].join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses an environment object with a zod object schema whose fields each carry `.describe(expected)`.
 * Empty strings count as unset, so `PORT=` behaves like no PORT rather than failing as a number.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const shape = schema.shape as Record<string, z.ZodType>;
  throw new ConfigError(result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(config)');
    return {
      variable,
      problem: issue.message + (variable in cleaned ? ` (got ${JSON.stringify(cleaned[variable])})` : ''),
      expected: shape[variable]?.description ?? 'see README configuration table',
    };
  }));
}

/** Reusable field schemas. */
export const envFields = {
  postgresUrl: (description: string) =>
    z.string().refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'not a postgres:// URL').describe(description),
  redisUrl: (description: string) =>
    z.string().refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), 'not a redis:// URL').describe(description),
  httpUrl: (description: string) =>
    z.string().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'not an http(s):// URL').transform((v) => v.replace(/\/+$/, '')).describe(description),
  int: (description: string, { min, max, fallback }: { min: number; max: number; fallback: number }) =>
    z.coerce.number({ error: 'not a number' }).int('not an integer').min(min, `below ${min}`).max(max, `above ${max}`).default(fallback).describe(description),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  bool: (description: string, fallback: boolean) =>
    z.enum(['true', 'false', '1', '0']).default(fallback ? 'true' : 'false').transform((v) => v === 'true' || v === '1').describe(description),
};

/**
 * For composition roots: the config, or exit 2 with the readable ConfigError message (no stack trace,
 * since the operator needs the variable name, not our call stack).
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
