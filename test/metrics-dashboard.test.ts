import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createMetrics } from '@tai/core';

// The Grafana dashboard and the metric list shipped for operators; neither may drift from what the service exposes.
const DASHBOARD = path.resolve(import.meta.dirname, '../deploy/grafana/teleport-audit-ingest.json');
const OPERATIONS_GUIDE = path.resolve(import.meta.dirname, '../docs/operations.md');

type Target = { expr: string; datasource: { uid: string } };
type Panel = { type: string; title: string; datasource?: { uid: string }; targets?: Target[]; panels?: Panel[] };
type Dashboard = { __inputs: { name: string; type: string; pluginId: string }[]; panels: Panel[]; templating: { list: { query: { query: string } | string; datasource: { uid: string } }[] }; schemaVersion: number };

const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

/** Every series name the service can expose: histograms as their _bucket, _sum and _count series. */
function exposedNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of createMetrics({ processMetrics: true }).registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}

test('every metric the dashboard queries is one the service exposes', () => {
  const exposed = exposedNames();
  const queries = [
    ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
    ...dashboard.templating.list.map((v) => ({ where: 'templating', expr: typeof v.query === 'string' ? v.query : v.query.query })),
  ];
  const used = queries.flatMap(({ where, expr }) => [...expr.matchAll(/\btai_\w+/g)].map((m) => ({ where, name: m[0] })));
  assert.ok(used.length > 20);
  const unknown = used.filter((u) => !exposed.has(u.name));
  assert.deepEqual(unknown, [], 'metrics the service does not expose');
});

test('the dashboard covers what an operator watches, each panel on the ${DS_PROMETHEUS} input', () => {
  assert.deepEqual(dashboard.__inputs.map((i) => [i.name, i.type, i.pluginId]), [['DS_PROMETHEUS', 'datasource', 'prometheus']]);
  assert.ok(dashboard.schemaVersion >= 38, 'Grafana 10 or later');
  for (const panel of panels) {
    assert.equal(panel.datasource?.uid, '${DS_PROMETHEUS}', panel.title);
    assert.ok((panel.targets ?? []).length > 0, `${panel.title} has a query`);
    for (const target of panel.targets!) assert.equal(target.datasource.uid, '${DS_PROMETHEUS}', panel.title);
  }
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
  for (const metric of [
    'tai_ingest_events_total', 'tai_ingest_rejects_total', 'tai_http_request_duration_seconds_bucket', 'tai_http_request_duration_seconds_count',
    'tai_ingest_batch_commit_duration_seconds_bucket', 'tai_ingest_writer_pending_events', 'tai_sqs_oldest_message_age_seconds', 'tai_s3_objects_total',
    'tai_job_queue_jobs', 'tai_db_pool_connections', 'tai_ingest_memory_budget_in_use_bytes', 'tai_process_resident_memory_bytes',
  ]) assert.ok(exprs.includes(metric), `a panel shows ${metric}`);
  assert.match(exprs, /histogram_quantile\(0\.99, sum by \(le, route\)/, 'p99 latency by route');
  assert.match(exprs, /status=~"5\.\."/, '5xx rate');
});

test('the operations guide lists every metric of the service, and none it does not have', () => {
  const ours = createMetrics().registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name);
  const guide = readFileSync(OPERATIONS_GUIDE, 'utf8');
  const listed = new Set([...guide.matchAll(/^\| `(tai_\w+)` \|/gm)].map((m) => m[1]!));
  assert.deepEqual(ours.filter((name) => !listed.has(name)), [], 'metrics missing from docs/operations.md');
  assert.deepEqual([...listed].filter((name) => !ours.includes(name)), [], 'metrics docs/operations.md lists but the service lacks');
});
