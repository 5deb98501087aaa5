import type { EventRow } from './search-types';

/** The one line that says what an event did: its command, statement, request, resource or error. */
export function eventSummary(e: EventRow): string {
  const parts: string[] = [];
  if (e.command) parts.push(e.command);
  else if (e.program) parts.push(e.program);
  if (e.dbQuery) parts.push(e.dbQuery);
  if (e.kubeVerb || e.kubeResource) parts.push([e.kubeVerb, e.kubeResource].filter(Boolean).join(' '));
  if (e.path && !e.program) parts.push(e.path);
  if (e.resourceName && parts.length === 0) parts.push(e.resourceName);
  if (e.requestId && e.requestState) parts.push(`request ${e.requestState.toLowerCase()}`);
  if (e.error) parts.push(e.error);
  return parts.join(' · ');
}

export type Outcome = { label: string; tone: 'good' | 'bad' | 'neutral' };

/** success when the event says so; a non-zero exit code is a failure even where success is unset. */
export function outcomeOf(e: Pick<EventRow, 'success' | 'exitCode' | 'code'>): Outcome {
  if (e.exitCode !== null && e.exitCode !== undefined && e.exitCode !== 0) return { label: `exit ${e.exitCode}`, tone: 'bad' };
  if (e.exitCode === 0 && e.success !== false) return { label: 'exit 0', tone: 'good' };
  if (e.success === false) return { label: 'failed', tone: 'bad' };
  if (e.success === true) return { label: 'ok', tone: 'good' };
  if (e.code && /E$/.test(e.code)) return { label: 'error', tone: 'bad' };
  return { label: '—', tone: 'neutral' };
}

export const nodeOf = (e: Pick<EventRow, 'serverHostname' | 'serverId' | 'kubernetesCluster' | 'dbService' | 'appName'>): string | null =>
  e.serverHostname ?? e.kubernetesCluster ?? e.dbService ?? e.appName ?? e.serverId ?? null;
