import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbClient, Tx } from '../client.js';
import { detectionRules, detectionRuleVersions, detectionState } from '../schema/index.js';

export type DetectionRuleRow = typeof detectionRules.$inferSelect;
export type DetectionRulesRepository = ReturnType<typeof createDetectionRulesRepository>;

/** What a rule row is written from: the validated rule (as JSON) and the columns lists filter on. */
export type RuleWrite = {
  ruleId: string;
  title: string;
  kind: string;
  severity: string;
  enabled: boolean;
  definition: Record<string, unknown>;
};

// The definition without the fields that do not change what the rule raises, for "did the logic change?".
const LOGIC_EXCLUDED = ['title', 'description', 'severity', 'enabled', 'mitre', 'runbook', 'tests', 'version', 'dedupWindowSeconds'];
const logicOf = (definition: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(definition).filter(([k]) => !LOGIC_EXCLUDED.includes(k)).sort(([a], [b]) => a.localeCompare(b))));

async function insertVersion(tx: Tx, tenantId: string, ruleId: string, version: number, definition: Record<string, unknown>, by: string | null, now: Date) {
  await tx.insert(detectionRuleVersions).values({ tenantId, ruleId, version, definition: { ...definition, version }, createdBy: by, createdAt: now });
}

export const createDetectionRulesRepository = ({ client }: { client: DbClient }) => ({
  list: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(detectionRules).where(eq(detectionRules.tenantId, tenantId)).orderBy(asc(detectionRules.ruleId))),

  listEnabled: ({ tenantId }: { tenantId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(detectionRules)
      .where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.enabled, true))).orderBy(asc(detectionRules.ruleId))),

  get: ({ tenantId, ruleId }: { tenantId: string; ruleId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(detectionRules).where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.ruleId, ruleId)));
      return row ?? null;
    }),

  versions: ({ tenantId, ruleId }: { tenantId: string; ruleId: string }) =>
    client.withTenant(tenantId, (tx) => tx.select().from(detectionRuleVersions)
      .where(and(eq(detectionRuleVersions.tenantId, tenantId), eq(detectionRuleVersions.ruleId, ruleId))).orderBy(desc(detectionRuleVersions.version))),

  getVersion: ({ tenantId, ruleId, version }: { tenantId: string; ruleId: string; version: number }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.select().from(detectionRuleVersions)
        .where(and(eq(detectionRuleVersions.tenantId, tenantId), eq(detectionRuleVersions.ruleId, ruleId), eq(detectionRuleVersions.version, version)));
      return row ?? null;
    }),

  /**
   * Creates the rule or saves a new version of it. The version is the stored one plus one (whatever the
   * definition said), so versions only grow. When what the rule matches changes, its state (windows, learned
   * values, join keys) is dropped and a new_value rule learns again from now: old state would answer for the
   * old logic. `expectVersion` refuses a save made from an older version (null when another one won).
   */
  save: ({ tenantId, rule, builtin, updatedBy, now, expectVersion }: { tenantId: string; rule: RuleWrite; builtin: boolean; updatedBy: string | null; now: Date; expectVersion?: number | undefined }) =>
    client.withTenant(tenantId, async (tx) => {
      const [current] = await tx.select().from(detectionRules)
        .where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.ruleId, rule.ruleId))).for('update');
      if (current && expectVersion !== undefined && current.version !== expectVersion) return { row: null, conflict: current.version };
      const version = (current?.version ?? 0) + 1;
      const definition = { ...rule.definition, version };
      const logicChanged = !current || logicOf(current.definition) !== logicOf(definition);
      const enabledAt = rule.enabled ? (logicChanged || !current?.enabled ? now : current.enabledAt) : null;
      const values = {
        title: rule.title, kind: rule.kind, severity: rule.severity, enabled: rule.enabled, definition, version,
        enabledAt, updatedAt: now, updatedBy, builtin: current ? current.builtin : builtin, edited: current ? !builtin || current.edited : false,
      };
      const [row] = current
        ? await tx.update(detectionRules).set(values).where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.ruleId, rule.ruleId))).returning()
        : await tx.insert(detectionRules).values({ tenantId, ruleId: rule.ruleId, createdAt: now, ...values }).returning();
      if (current && logicChanged) await tx.delete(detectionState).where(and(eq(detectionState.tenantId, tenantId), eq(detectionState.ruleId, rule.ruleId)));
      await insertVersion(tx, tenantId, rule.ruleId, version, definition, updatedBy, now);
      return { row: row!, conflict: null };
    }),

  /** Turns a rule on or off without a new version; turning on restarts a new_value rule's learning. */
  setEnabled: ({ tenantId, ruleId, enabled, updatedBy, now }: { tenantId: string; ruleId: string; enabled: boolean; updatedBy: string | null; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const [row] = await tx.update(detectionRules).set({
        enabled,
        definition: sql`jsonb_set(${detectionRules.definition}, '{enabled}', to_jsonb(${enabled}::boolean))`,
        enabledAt: enabled ? sql`case when ${detectionRules.enabled} then ${detectionRules.enabledAt} else ${now} end` : null,
        updatedAt: now, updatedBy,
      }).where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.ruleId, ruleId))).returning();
      if (row && !enabled) await tx.delete(detectionState).where(and(eq(detectionState.tenantId, tenantId), eq(detectionState.ruleId, ruleId)));
      return row ?? null;
    }),

  delete: ({ tenantId, ruleId }: { tenantId: string; ruleId: string }) =>
    client.withTenant(tenantId, async (tx) => {
      await tx.delete(detectionState).where(and(eq(detectionState.tenantId, tenantId), eq(detectionState.ruleId, ruleId)));
      await tx.delete(detectionRuleVersions).where(and(eq(detectionRuleVersions.tenantId, tenantId), eq(detectionRuleVersions.ruleId, ruleId)));
      const rows = await tx.delete(detectionRules).where(and(eq(detectionRules.tenantId, tenantId), eq(detectionRules.ruleId, ruleId))).returning({ id: detectionRules.ruleId });
      return rows.length > 0;
    }),

  /** Installs the built-in pack's rules a tenant does not have yet (by id); existing ones are left as they are. */
  installBuiltins: ({ tenantId, rules, now }: { tenantId: string; rules: RuleWrite[]; now: Date }) =>
    // Two statements for the whole pack: every tenant made (and every test tenant) pays this.
    rules.length === 0 ? Promise.resolve(0) : client.withTenant(tenantId, async (tx) => {
      const rows = rules.map((rule) => ({
        tenantId, ruleId: rule.ruleId, version: 1, title: rule.title, kind: rule.kind, severity: rule.severity, enabled: rule.enabled,
        builtin: true, edited: false, definition: { ...rule.definition, version: 1 }, enabledAt: rule.enabled ? now : null,
        createdAt: now, updatedAt: now, updatedBy: 'builtin-pack',
      }));
      const inserted = await tx.insert(detectionRules).values(rows).onConflictDoNothing().returning({ ruleId: detectionRules.ruleId, definition: detectionRules.definition });
      if (inserted.length > 0) {
        await tx.insert(detectionRuleVersions).values(inserted.map((r) => ({ tenantId, ruleId: r.ruleId, version: 1, definition: r.definition, createdBy: 'builtin-pack', createdAt: now })));
      }
      return inserted.length;
    }),

  /**
   * `save` for several rules in one transaction (an import): all are saved or none. Each is the same save,
   * run over this transaction instead of one of its own.
   */
  saveMany: ({ tenantId, rules, updatedBy, now }: { tenantId: string; rules: RuleWrite[]; updatedBy: string | null; now: Date }) =>
    client.withTenant(tenantId, async (tx) => {
      const inTx = createDetectionRulesRepository({ client: { ...client, withTenant: <T>(_tenantId: string, fn: (t: Tx) => Promise<T>) => fn(tx) } });
      const rows: DetectionRuleRow[] = [];
      for (const rule of rules) rows.push((await inTx.save({ tenantId, rule, builtin: false, updatedBy, now })).row!);
      return rows;
    }),
});
