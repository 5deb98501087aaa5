import { checkSilenceLayer, displayPrefix, errors, resolveSilenceBounds, silenceThreshold, generateSecret, parseBucketIdentifier, sha256Hex, uuidv7, type SecretBox, type SilenceBoundsLayer } from '@tai/core';
import { randomBytes } from 'node:crypto';
import { isUniqueViolation, type Repositories, type SourceChanges, type SourceRow } from '@tai/db';
import { Value } from 'typebox/value';
import { s3NotificationWarnings } from './s3-notification-warnings.js';
import { objectErrorWarnings } from './object-health.js';
import { webhookSetupSnippets } from './setup-snippets.js';
import { S3Config, WebhookConfig, type CreateSourceBody } from './sources.schemas.js';

export type SourcesDeps = { sources: Repositories['sources']; publicUrl: string; tokenRotationOverlapSeconds: number; now: () => Date; secretBox: SecretBox | null };

export const webhookUrls = (publicUrl: string, token: string) => {
  const setup = webhookSetupSnippets({ publicUrl, token });
  return { token, url: setup.webhookUrl, sessionUrl: setup.sessionUrl, setup };
};

/** A source as the API shows it: never the token hashes. */
export function presentSource(row: SourceRow, now: Date) {
  const previousValid = row.previousTokenHash && row.previousTokenExpiresAt && row.previousTokenExpiresAt > now;
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    config: visibleConfig(row.config),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastEventAt: row.lastEventAt?.toISOString() ?? null,
    silenceFloorSeconds: row.silenceFloorSeconds,
    silenceCeilingSeconds: row.silenceCeilingSeconds,
    webhook: row.type === 'teleport_webhook' && row.tokenPrefix
      ? {
        tokenPrefix: row.tokenPrefix,
        tokenRotatedAt: row.tokenRotatedAt?.toISOString() ?? null,
        previousTokenValidUntil: previousValid ? row.previousTokenExpiresAt!.toISOString() : null,
      }
      : null,
  };
}

/**
 * An S3 source's stored config: the bucket as a bare name (ARN and s3:// forms accepted, their prefix
 * kept); an ExternalId the service chose, never the customer (the confused-deputy defence), kept across
 * updates; and a static secret access key only sealed, kept when an update repeats the same key id.
 */
function s3Config(input: Record<string, unknown>, existing: Record<string, unknown> | null, secretBox: SecretBox | null): Record<string, unknown> {
  const parsed = parseBucketIdentifier(String(input.bucket ?? ''));
  if ('error' in parsed) throw errors.badRequest({ message: `config.bucket: ${parsed.error}`, details: { field: 'config.bucket' } });
  const prefix = typeof input.prefix === 'string' ? input.prefix : parsed.prefix;
  const { secretAccessKey, ...rest } = input;
  const config: Record<string, unknown> = {
    ...rest,
    bucket: parsed.bucket,
    ...(prefix ? { prefix: prefix.replace(/^\/+|\/+$/g, '') } : {}),
    externalId: typeof existing?.externalId === 'string' ? existing.externalId : `tai-${randomBytes(16).toString('hex')}`,
  };
  if (typeof secretAccessKey === 'string') {
    if (!secretBox) throw errors.badRequest({ message: 'Static access keys need SECRETS_ENCRYPTION_KEY to be configured on the service', details: { field: 'config.secretAccessKey' } });
    config.secretAccessKeySealed = secretBox.seal(secretAccessKey);
  } else if (existing?.secretAccessKeySealed && existing.accessKeyId === input.accessKeyId) {
    config.secretAccessKeySealed = existing.secretAccessKeySealed;
  }
  if (Boolean(config.accessKeyId) !== Boolean(config.secretAccessKeySealed)) {
    throw errors.badRequest({ message: 'config.accessKeyId and config.secretAccessKey go together', details: { field: 'config.accessKeyId' } });
  }
  return config;
}

/** What the API shows of a source's config: never a sealed secret, only whether one is set. */
function visibleConfig(config: Record<string, unknown>): Record<string, unknown> {
  const { secretAccessKeySealed, ...rest } = config;
  return secretAccessKeySealed ? { ...rest, secretAccessKeySet: true } : rest;
}

export async function createSource(deps: SourcesDeps, { tenantId, body }: { tenantId: string; body: CreateSourceBody }) {
  const token = body.type === 'teleport_webhook' ? generateSecret('webhookToken') : null;
  const config = body.type === 'teleport_s3' ? s3Config(body.config, null, deps.secretBox) : body.config ?? {};
  try {
    const row = await deps.sources.create({
      tenantId,
      id: uuidv7(),
      type: body.type,
      name: body.name,
      config,
      tokenHash: token ? sha256Hex(token) : null,
      tokenPrefix: token ? displayPrefix(token) : null,
    });
    return { source: presentSource(row, deps.now()), webhook: token ? webhookUrls(deps.publicUrl, token) : null };
  } catch (err) {
    if (isUniqueViolation(err)) throw errors.conflict({ message: `A source named ${JSON.stringify(body.name)} already exists`, details: { field: 'name' } });
    throw err;
  }
}

/**
 * Issues a new token; the replaced one keeps working for the overlap window so senders can be switched
 * without losing events. A second rotation inside the window would silently cut off the first old token,
 * so it is refused unless forced.
 */
export async function rotateSourceToken(deps: SourcesDeps, { tenantId, id, force }: { tenantId: string; id: string; force: boolean }) {
  const now = deps.now();
  const current = await deps.sources.get({ tenantId, id });
  if (!current) throw errors.sourceNotFound();
  if (current.type !== 'teleport_webhook') throw errors.conflict({ message: 'Only webhook sources have a token to rotate' });
  if (!force && current.previousTokenHash && current.previousTokenExpiresAt && current.previousTokenExpiresAt > now) {
    throw errors.rotationInProgress({ details: { previousTokenValidUntil: current.previousTokenExpiresAt.toISOString() } });
  }
  const token = generateSecret('webhookToken');
  const row = await deps.sources.rotateToken({
    tenantId, id, now,
    tokenHash: sha256Hex(token),
    tokenPrefix: displayPrefix(token),
    previousExpiresAt: new Date(now.getTime() + deps.tokenRotationOverlapSeconds * 1000),
  });
  if (!row) throw errors.sourceNotFound();
  return { source: presentSource(row, now), webhook: webhookUrls(deps.publicUrl, token) };
}

export async function updateSource(deps: SourcesDeps, { tenantId, id, changes }: { tenantId: string; id: string; changes: SourceChanges }) {
  const boundsChange = changes.silenceFloorSeconds !== undefined || changes.silenceCeilingSeconds !== undefined;
  const existing = changes.config || boundsChange ? await deps.sources.get({ tenantId, id }) : null;
  // A bound left out keeps its value, so the pair checked is the one the source will have. The tenant's
  // bounds are not compared: where they disagree the source's own wins (resolveSilenceBounds).
  if (existing && boundsChange) checkSilenceLayer('source', { ...pickBounds(existing), ...pickBounds(changes) });
  if (changes.config) {
    if (!existing) throw errors.sourceNotFound();
    const schema = existing.type === 'teleport_s3' ? S3Config : WebhookConfig;
    if (!Value.Check(schema, changes.config)) {
      const first = [...Value.Errors(schema, changes.config)][0];
      throw errors.badRequest({ message: `config is invalid for a ${existing.type} source: ${first?.message ?? 'unexpected shape'}`, details: { field: 'config' } });
    }
    if (existing.type === 'teleport_s3') changes = { ...changes, config: s3Config(changes.config, existing.config, deps.secretBox) };
  }
  try {
    const row = await deps.sources.update({ tenantId, id, changes, now: deps.now() });
    if (!row) throw errors.sourceNotFound();
    return presentSource(row, deps.now());
  } catch (err) {
    if (isUniqueViolation(err)) throw errors.conflict({ message: `A source named ${JSON.stringify(changes.name)} already exists`, details: { field: 'name' } });
    throw err;
  }
}

const pickBounds = (v: SilenceBoundsLayer): SilenceBoundsLayer => ({
  ...(v.silenceFloorSeconds !== undefined ? { silenceFloorSeconds: v.silenceFloorSeconds } : {}),
  ...(v.silenceCeilingSeconds !== undefined ? { silenceCeilingSeconds: v.silenceCeilingSeconds } : {}),
});

const DAY_MS = 86_400_000;
// The completeness monitor's open findings, newest first; a source with more has a bigger problem than a list.
const MAX_FINDINGS_SHOWN = 50;

/** Is this source receiving, and is anything going wrong? Read from the hourly counters. */
export async function sourceHealth(
  deps: {
    ingestRejects: Pick<Repositories['ingestRejects'], 'sourceTotals'>;
    objects: Pick<Repositories['ingestedObjects'], 'errorSummary'>;
    findings: Pick<Repositories['sourceFindings'], 'openForSource' | 'tenantSilence' | 'sourceBaseline'>;
    s3Service: { topicArn: string | null };
    now: () => Date;
  },
  source: SourceRow,
) {
  const [totals, findings, tenantSilence, baseline] = await Promise.all([
    deps.ingestRejects.sourceTotals({ tenantId: source.tenantId, sourceId: source.id, since: new Date(deps.now().getTime() - DAY_MS) }),
    deps.findings.openForSource({ tenantId: source.tenantId, sourceId: source.id, limit: MAX_FINDINGS_SHOWN }),
    deps.findings.tenantSilence({ tenantId: source.tenantId }),
    deps.findings.sourceBaseline({ tenantId: source.tenantId, sourceId: source.id }),
  ]);
  const bounds = resolveSilenceBounds({ tenant: tenantSilence, source });
  const learnedSeconds = baseline?.usualGapSeconds ?? null;
  const warnings: { code: string; message: string }[] = [];
  if (!source.lastEventAt) {
    warnings.push({ code: 'no_events_yet', message: 'No events have arrived at this source yet.' });
  }
  if (source.type === 'teleport_s3') warnings.push(...s3NotificationWarnings(source.config, deps.s3Service));
  if (source.type === 'teleport_s3') warnings.push(...objectErrorWarnings(await deps.objects.errorSummary({ tenantId: source.tenantId, sourceId: source.id }), source));
  if (totals.withoutTime > 0) {
    warnings.push({
      code: 'events_without_time',
      message: `${totals.withoutTime} events in the last 24 h had no usable "time" and were stamped with the time received. `
        + 'With Fluentd in between, set keep_time_key true in the <parse> section of its http source.',
    });
  }
  if (totals.rejects > 0) {
    warnings.push({ code: 'rejects', message: `${totals.rejects} parts of requests in the last 24 h could not be stored as events; see GET /v1/sources/${source.id}/rejects.` });
  }
  return {
    lastEventAt: source.lastEventAt?.toISOString() ?? null,
    eventsLast24h: totals.events,
    duplicatesLast24h: totals.duplicates,
    rejectsLast24h: totals.rejects,
    rejectsTotal: totals.rejectsTotal,
    eventsWithoutTimeLast24h: totals.withoutTime,
    warnings,
    silence: {
      ...bounds,
      learnedGapSeconds: learnedSeconds,
      learnedAt: baseline?.learnedAt.toISOString() ?? null,
      thresholdSeconds: silenceThreshold({ learnedSeconds, floorSeconds: bounds.floorSeconds, ceilingSeconds: bounds.ceilingSeconds }),
    },
    findings: findings.map((f) => ({ kind: f.kind, subject: f.subject, details: f.details, openedAt: f.openedAt.toISOString() })),
  };
}
