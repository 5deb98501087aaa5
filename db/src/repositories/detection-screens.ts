import { checkRuleObject, compileRule, eventScreen, type CompiledRule, type EventScreen } from '@tai/core';
import { sql } from 'drizzle-orm';
import type { DbClient } from '../client.js';

/** A tenant's enabled rules as a screen, with the rules revision (tenants.detection_rules_revision) they were read at. */
export type TenantScreen = { revision: number; test: EventScreen };
export type DetectionScreens = ReturnType<typeof createDetectionScreens>;

/**
 * The screens ingest matches batches against (migrations/0025), one per tenant, kept until the batch
 * function reports another revision. Being stale only costs a batch that queues every row it inserted, never
 * an event left out. A stored rule that no longer validates is left out, as the evaluator skips it.
 */
export function createDetectionScreens({ client, maxTenants = 1_000 }: { client: DbClient; maxTenants?: number }) {
  const screens = new Map<string, TenantScreen>();
  const loading = new Map<string, Promise<TenantScreen>>();

  const load = (tenantId: string): Promise<TenantScreen> =>
    client.withTenant(tenantId, async (tx) => {
      // One statement, so the revision and the rules come from one snapshot.
      const { rows } = await tx.execute<{ revision: string; definition: Record<string, unknown> | null }>(sql`
        select t.detection_rules_revision::text as revision, r.definition
          from tenants t left join detection_rules r on r.tenant_id = t.id and r.enabled
         where t.id = ${tenantId}`);
      const rules: CompiledRule[] = [];
      for (const row of rows) {
        if (!row.definition) continue;
        const checked = checkRuleObject(row.definition);
        if (checked.ok) rules.push(compileRule(checked.rule));
      }
      return { revision: Number(rows[0]?.revision ?? -1), test: eventScreen(rules) };
    });

  return {
    forTenant: async (tenantId: string): Promise<TenantScreen> => {
      const cached = screens.get(tenantId);
      if (cached) {
        // least recently used goes first when the map is full
        screens.delete(tenantId);
        screens.set(tenantId, cached);
        return cached;
      }
      let pending = loading.get(tenantId);
      if (!pending) {
        pending = load(tenantId).finally(() => loading.delete(tenantId));
        loading.set(tenantId, pending);
      }
      const screen = await pending;
      if (screens.size >= maxTenants) screens.delete(screens.keys().next().value!);
      screens.set(tenantId, screen);
      return screen;
    },

    /** The batch function saw another revision than this screen's: the next batch reads the rules again. */
    seen: (tenantId: string, revision: number) => {
      if (screens.get(tenantId)?.revision !== revision) screens.delete(tenantId);
    },
  };
}
