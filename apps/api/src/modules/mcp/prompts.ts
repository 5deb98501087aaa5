import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

/** Starting points for the three investigations people ask for most, written as the steps an analyst takes. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt('investigate_user', {
    title: 'Investigate a user',
    description: 'What a Teleport user did over a period: sign-ins, sessions, access requests, failures, anything unusual',
    argsSchema: { user: z.string().describe('The Teleport user name'), from: z.string().optional().describe('Start of the period, e.g. -7d (default) or 2026-05-01') },
  }, ({ user, from }) => ask([
    `Investigate the Teleport user "${user}" from ${from ?? '-7d'} until now.`,
    `1. Call user_activity with user "${user}" and from "${from ?? '-7d'}" for the overview.`,
    '2. For failed sign-ins, look at the IPs and methods; for sign-ins from unusual IPs, search_events with ip: to see what followed.',
    '3. Open the sessions that matter with get_session (commands with exit codes, file transfers, missing events).',
    '4. For each access request they made or reviewed, get_access_request: was it self-approved, what was done under it?',
    '5. Check list_alerts for open alerts about this user.',
    'Finish with a short timeline, what looks normal, and what needs a human to look at, citing event and session ids.',
  ].join('\n')));

  server.registerPrompt('review_access_request', {
    title: 'Review an access request',
    description: 'An auditor\'s review of one access request: who asked for what and why, who approved it, and everything done under it',
    argsSchema: { request_id: z.string().describe('The access request id') },
  }, ({ request_id }) => ask([
    `Review the Teleport access request ${request_id}.`,
    `1. Call get_access_request with request_id "${request_id}": requester, roles or resources, reason, reviews, decision, expiry, usage.`,
    '2. Flag self-approval, a single reviewer for an admin role, an approval without a reason, use after expiry, and a duration longer than the task needs.',
    '3. For each session done under it, get_session: what was run, on which nodes, with which exit codes, and whether events are missing.',
    '4. Compare what was done with the stated reason.',
    'Finish with a verdict (fine, questionable, needs follow-up) and the evidence for it, citing event and session ids.',
  ].join('\n')));

  server.registerPrompt('triage_alert', {
    title: 'Triage an alert',
    description: 'Decide whether an alert is a true positive: its rule and runbook, its events, the user\'s context',
    argsSchema: { alert_id: z.string().describe('The alert id') },
  }, ({ alert_id }) => ask([
    `Triage the alert ${alert_id}.`,
    `1. Call get_alert with alert_id "${alert_id}": what fired, the rule's description and runbook, its events, earlier notes.`,
    '2. Follow the runbook. For the user involved, user_activity over the day before; for a session, get_session; for a resource, who_accessed.',
    '3. Look for the benign explanation first (a known admin, an approved access request, a maintenance window), then for what would make it serious.',
    '4. Propose a disposition: acknowledge with a note, escalate, or tune the rule. Do not call acknowledge_alert or set_rule_enabled without the user\'s go-ahead.',
  ].join('\n')));
}
