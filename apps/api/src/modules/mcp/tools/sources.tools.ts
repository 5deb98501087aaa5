import { z } from 'zod';
import { compact, type Row } from '../compact.js';
import { fitLists, fitPart } from '../output-budget.js';
import { segment } from '../rest-client.js';
import { sourceVerdict } from '../source-verdict.js';
import { ok } from '../tool-error.js';
import { defineTool, type ToolContext } from '../tool-definition.js';
import { listBudget } from './common-args.js';

// Sources whose health one call reads at once; a tenant with more gets the first ones and a note.
const MAX_HEALTH_SOURCES = 25;
// One source's findings (at most 50 from the API, each with its details) in its health.
const FINDINGS_CHARS = 6_000;

const sourceLine = (s: Row) => compact({ id: s.id, name: s.name, type: s.type, lastEventAt: s.lastEventAt, createdAt: s.createdAt, config: s.config });

async function healthOf(ctx: ToolContext, id: string) {
  const s = ok<Row>(await ctx.rest.get(`/v1/sources/${segment(id, 'source_id')}`, {}, ctx.signal));
  const health = (s.health ?? {}) as Row;
  const findings = fitPart((health.findings ?? []) as Row[], FINDINGS_CHARS, 300);
  return { source: sourceLine(s), verdict: sourceVerdict(health), health: compact({ ...health, findings: findings.items, findingsOmitted: findings.omitted }) };
}

export const listSources = defineTool({
  name: 'list_sources',
  title: 'List sources',
  description: 'The tenant\'s event sources (Teleport webhooks and S3 buckets): id, name, type, when the last event arrived. Use source_health for why one is silent or rejecting input.',
  input: z.strictObject({}),
  run: async (_a, ctx) => {
    const body = ok<{ data: Row[] }>(await ctx.rest.get('/v1/sources', {}, ctx.signal));
    const fitted = fitLists([{ name: 'sources', items: body.data.map(sourceLine), offset: 0 }], listBudget(ctx.budget));
    return compact({ count: body.data.length, sources: fitted.kept.sources, note: fitted.next ? 'more sources than fit in one answer' : null });
  },
});

export const sourceHealth = defineTool({
  name: 'source_health',
  title: 'Source health',
  description: 'Whether sources are delivering: a verdict (healthy, degraded, silent, waiting for a first event) with its reasons, events and rejects in the last 24 h, the silence threshold in force, warnings and the completeness monitor\'s open findings (missing S3 objects, sessions without an end, unknown event types). Without source_id: every source.',
  input: z.strictObject({
    source_id: z.string().min(1).max(64).optional().describe('One source\'s id (from list_sources); omit for all'),
  }),
  run: async (a, ctx) => {
    if (a.source_id) return healthOf(ctx, a.source_id);
    const list = ok<{ data: Row[] }>(await ctx.rest.get('/v1/sources', {}, ctx.signal));
    const checked = await Promise.all(list.data.slice(0, MAX_HEALTH_SOURCES).map((s) => healthOf(ctx, String(s.id))));
    const lines = checked.map((c) => ({ ...c.source, status: c.verdict.status, reasons: c.verdict.reasons, eventsLast24h: c.health.eventsLast24h }));
    const fitted = fitLists([{ name: 'sources', items: lines, offset: 0 }], listBudget(ctx.budget));
    const byStatus: Record<string, number> = {};
    for (const c of checked) byStatus[c.verdict.status] = (byStatus[c.verdict.status] ?? 0) + 1;
    return compact({
      count: list.data.length, byStatus, sources: fitted.kept.sources,
      note: list.data.length > MAX_HEALTH_SOURCES || fitted.next ? `only the first ${fitted.kept.sources!.length} sources are shown; pass source_id for the others` : null,
    });
  },
});
