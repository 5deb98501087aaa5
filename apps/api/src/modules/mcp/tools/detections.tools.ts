import { RULE_KINDS, SEVERITIES } from '@tai/core';
import { z } from 'zod';
import { alertSummary, compact, eventSummary, type Row } from '../compact.js';
import { clipStrings, fitLists, fitPart, fitValue, jsonLength } from '../output-budget.js';
import { segment } from '../rest-client.js';
import { restPage } from '../rest-page.js';
import { listsCursor, resumeLists } from '../tool-cursor.js';
import { ok } from '../tool-error.js';
import { defineTool } from '../tool-definition.js';
import { cursor, defined, id, idOrCursor, limit, listBudget, required } from './common-args.js';

const STATUSES = ['open', 'acknowledged', 'resolved'] as const;
const RULE_TEXT_CHARS = 1_500;
// Shares of get_alert's answer; its events get the rest.
const DETAILS_CHARS = 2_000;
const NOTES_CHARS = 3_000;
const DELIVERIES_CHARS = 1_500;

export const listAlerts = defineTool({
  name: 'list_alerts',
  title: 'List alerts',
  description: 'Alerts raised by detection rules and the completeness monitor, newest first, with counts by status and severity. Filter by status, severity, rule, kind and time. Use get_alert for one alert\'s events and rule.',
  input: z.strictObject({
    status: z.array(z.enum(STATUSES)).max(3).optional().describe('Only these statuses, e.g. ["open"]'),
    severity: z.array(z.enum(SEVERITIES)).max(5).optional().describe('Only these severities, e.g. ["high", "critical"]'),
    rule_id: z.string().max(200).optional().describe('Only alerts of this rule (list_rules gives the ids)'),
    kind: z.enum(['detection', 'monitor']).optional().describe('detection (a rule) or monitor (completeness: silent source, missing objects…)'),
    from: z.string().max(64).optional().describe('Only alerts last seen at or after this time (RFC 3339, a date, -24h)'),
    to: z.string().max(64).optional().describe('Only alerts first seen before this time'),
    limit: limit(25, 100),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const args = defined({ status: a.status?.join(','), severity: a.severity?.join(','), ruleId: a.rule_id, kind: a.kind, from: a.from, to: a.to });
    const page = await restPage({ tool: 'list_alerts', ctx, path: '/v1/alerts', args, cursor: a.cursor, limit: a.limit, maxRestLimit: 200, budget: listBudget(ctx.budget), summarize: alertSummary });
    return compact({ counts: a.cursor ? null : page.body.counts, returned: page.items.length, alerts: page.items, nextCursor: page.nextCursor });
  },
});

export const getAlert = defineTool({
  name: 'get_alert',
  title: 'One alert',
  description: 'One alert in full: what fired and why (its details and group), the rule version that raised it with its description and runbook, the triage notes, the deliveries to destinations, and its events (the first 100, as summaries). Follow up on an event with get_event, on its session with get_session.',
  input: z.strictObject({
    alert_id: idOrCursor('The alert id (a UUID)'),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const resumed = resumeLists(a.cursor, 'get_alert');
    const alertId = resumed ? String(resumed.args.alert_id) : required(a.alert_id, 'alert_id', 'get_alert');
    const skip = resumed?.offsets ?? {};
    const body = ok<Row>(await ctx.rest.get(`/v1/alerts/${segment(alertId, 'alert_id')}`, {}, ctx.signal));
    const alert = (body.alert ?? {}) as Row;
    const events = ((body.events ?? []) as { event: Row; fields: Row }[]).map((e) => ({ id: e.event.id, ...eventSummary(e.fields ?? e.event) }));
    const rule = body.rule as Row | null;
    const details = fitValue(alert.details, DETAILS_CHARS);
    const notes = fitPart(((body.notes ?? []) as Row[]).map((n) => compact(n, new Set(['id']))), NOTES_CHARS);
    const deliveries = fitPart(((body.deliveries ?? []) as Row[]).map((d) => compact({ destination: (d.destination as Row | undefined)?.name, status: d.status, attempts: d.attempts, lastError: d.lastError, deliveredAt: d.deliveredAt })), DELIVERIES_CHARS, 300);
    const header = {
      alert: { ...alertSummary(alert), ...compact({ details: details.value, detailsClipped: details.clipped || null }) },
      ...(resumed ? {} : {
        rule: rule ? clipStrings(compact({ id: rule.id, version: rule.version, title: rule.title, description: rule.description, runbook: rule.runbook, mitre: rule.mitre }), RULE_TEXT_CHARS) : null,
        notes: notes.items, notesOmitted: notes.omitted,
        deliveries: deliveries.items, deliveriesOmitted: deliveries.omitted,
      }),
    };
    // The events get what the rest of the answer left.
    const fitted = fitLists([{ name: 'events', items: events, offset: skip.events ?? 0 }], listBudget(ctx.budget) - jsonLength(header));
    return compact({
      ...header,
      events: fitted.kept.events,
      nextCursor: listsCursor('get_alert', fitted.next, { alert_id: alertId }),
    });
  },
});

export const listRules = defineTool({
  name: 'list_rules',
  title: 'List detection rules',
  description: 'The tenant\'s detection rules: id, title, kind (match, threshold, new_value), severity, whether it is on, built-in or edited, MITRE ATT&CK ids, and the start of its description.',
  input: z.strictObject({
    enabled: z.boolean().optional().describe('Only rules that are on (true) or off (false)'),
    kind: z.enum(RULE_KINDS).optional(),
    severity: z.enum(SEVERITIES).optional(),
    cursor: cursor(),
  }),
  run: async (a, ctx) => {
    const resumed = resumeLists(a.cursor, 'list_rules');
    const args = resumed ? resumed.args : defined({ enabled: a.enabled === undefined ? undefined : String(a.enabled), kind: a.kind, severity: a.severity });
    const body = ok<{ data: Row[] }>(await ctx.rest.get('/v1/rules', args, ctx.signal));
    const rules = body.data.map((r) => compact({ ...r, description: typeof r.description === 'string' ? clipStrings(r.description.replace(/\s+/g, ' ').trim(), 200) : null, updatedAt: null, updatedBy: null }));
    const fitted = fitLists([{ name: 'rules', items: rules, offset: resumed?.offset ?? 0 }], listBudget(ctx.budget));
    return compact({
      count: rules.length, enabled: rules.filter((r) => r.enabled === true).length, rules: fitted.kept.rules,
      nextCursor: listsCursor('list_rules', fitted.next?.rules, args),
    });
  },
});

export const acknowledgeAlert = defineTool({
  name: 'acknowledge_alert',
  title: 'Acknowledge an alert',
  description: 'CHANGES DATA (admin keys only): marks an alert acknowledged, recording who and when, with an optional note kept on the alert and in the audit log. Confirm with the user before calling.',
  changes: { destructive: false, idempotent: true },
  input: z.strictObject({
    alert_id: id('The alert id (a UUID)'),
    note: z.string().max(2_000).optional().describe('Why: kept with the alert as a note'),
  }),
  run: async (a, ctx) => {
    const body = ok<{ alert: Row }>(await ctx.rest.patch(`/v1/alerts/${segment(a.alert_id, 'alert_id')}`, defined({ status: 'acknowledged', note: a.note }), ctx.signal));
    return { alert: alertSummary(body.alert) };
  },
});

export const setRuleEnabled = defineTool({
  name: 'set_rule_enabled',
  title: 'Turn a detection rule on or off',
  description: 'CHANGES DATA (admin keys only): turns a detection rule on or off. A rule turned off raises no alerts until it is turned on again; the change is in the audit log. Confirm with the user before calling.',
  changes: { destructive: true, idempotent: true },
  input: z.strictObject({
    rule_id: id('The rule id, e.g. teleport-root-login (list_rules gives them)'),
    enabled: z.boolean().describe('true to turn it on, false to turn it off'),
  }),
  run: async (a, ctx) => {
    const { rule, meta } = ok<{ rule: Row; meta: Row }>(await ctx.rest.patch(`/v1/rules/${segment(a.rule_id, 'rule_id')}`, { enabled: a.enabled }, ctx.signal));
    return { rule: compact({ id: rule.id, title: rule.title, enabled: rule.enabled, severity: rule.severity, updatedBy: meta.updatedBy, updatedAt: meta.updatedAt }) };
  },
});
