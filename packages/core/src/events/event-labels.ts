import { isRecord } from './field-readers.js';

/**
 * Label maps that describe the resource an event touched (event-schema.md §4.1). An event normally
 * carries at most one of them; if two disagree on a key, the earlier map in this list wins, so the
 * result does not depend on JSON key order.
 */
const LABEL_KEYS = ['server_labels', 'db_labels', 'kube_labels', 'kubernetes_labels', 'app_labels', 'desktop_labels'] as const;

export function mergeLabels({ event, warnings }: { event: Record<string, unknown>; warnings: string[] }): Record<string, unknown> | null {
  const merged: Record<string, unknown> = {};
  for (const key of LABEL_KEYS) {
    const labels = event[key];
    if (labels === undefined || labels === null) continue;
    if (!isRecord(labels)) {
      warnings.push(`labels.dropped`);
      continue;
    }
    for (const [name, value] of Object.entries(labels)) {
      if (!(name in merged)) merged[name] = value;
    }
  }
  return Object.keys(merged).length > 0 ? merged : null;
}
