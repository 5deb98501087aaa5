import { MAX_QUERY_LENGTH } from '@tai/core';
import { z } from 'zod';
import { ToolError } from '../tool-error.js';

export const QUERY_HELP = 'the search language (resource teleport-audit://reference/query-language): field:value terms ANDed, OR, NOT or -term, parentheses, * wildcards, "free text"; e.g. event:session.start login:root node:prod-* ip:10.0.0.0/8 exit_code:>0';

export const query = () => z.string().max(MAX_QUERY_LENGTH).optional().describe(`Filter, in ${QUERY_HELP}`);
export const from = (fallback: string) => z.string().max(64).default(fallback).describe(`Start of the time range (inclusive): RFC 3339, a date (2026-05-31), now, or relative (-24h, -7d, now-15m). Default ${fallback}`);
export const to = () => z.string().max(64).default('now').describe('End of the time range (exclusive), in the same forms. Default now');
export const limit = (fallback: number, max: number) => z.number().int().min(1).max(max).default(fallback).describe(`Rows to return (1-${max}, default ${fallback}); an answer too big for the size bound is cut earlier, with a cursor`);
export const cursor = () => z.string().max(4_096).optional().describe('nextCursor of the previous answer of this tool: continues it (the other arguments are then taken from the cursor)');
export const name = (what: string) => z.string().min(1).max(500).optional().describe(`${what}; * is a wildcard, case is ignored`);
export const id = (what: string) => z.string().min(1).max(200).describe(what);
/** An id that a cursor may stand in for: required on the first call, taken from the cursor on the next. */
export const idOrCursor = (what: string) => z.string().min(1).max(200).optional().describe(`${what}; required unless cursor is given`);

/** The value of an argument required on a first call (one without a cursor). */
export function required<T>(value: T | undefined, field: string, tool: string): T {
  if (value === undefined) throw new ToolError('request.invalid', `Invalid arguments for ${tool}: ${field}: required unless cursor is given`, { field });
  return value;
}

/** The fields the histogram can split by and the facets can count. */
export const GROUP_FIELDS = ['event_type', 'code', 'cluster', 'source', 'success', 'actor', 'login', 'node', 'remote_ip', 'session', 'kube_cluster', 'db', 'app', 'method', 'user_kind', 'request_state'] as const;

/** The normalized columns a search page asks for: the summary's, not all 70. */
export const SEARCH_FIELDS = [
  'time', 'type', 'code', 'success', 'actor', 'login', 'impersonator', 'clusterName', 'sessionId', 'serverHostname', 'remoteIp', 'resourceName', 'method',
  'command', 'exitCode', 'path', 'error', 'message', 'kubernetesCluster', 'kubeVerb', 'kubeResource', 'dbService', 'dbName', 'dbUser', 'dbQuery', 'appName',
  'requestId', 'requestState', 'accessRequests', 'roles', 'txBytes', 'rxBytes', 'parseWarnings',
].join(',');

/** The envelope an answer keeps beside its lists (range, counts, cursor): its lists get the rest of the budget. */
export const ENVELOPE_CHARS = 3_000;
export const listBudget = (budget: number) => Math.max(1_000, budget - ENVELOPE_CHARS);

/** Arguments for the REST API without the ones not given. */
export function defined<T extends Record<string, unknown>>(args: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
