import { errors, generateSigningSecret, parseDestinationSettings, uuidv7, type DestinationKind, type SecretBox } from '@tai/core';
import { isUniqueViolation, type DestinationRow, type Repositories } from '@tai/db';

export type DestinationsDeps = { destinations: Repositories['destinations']; secretBox: SecretBox | null; now: () => Date };

export type DestinationInput = {
  name: string; kind: DestinationKind; config?: Record<string, unknown> | undefined; secret?: Record<string, string> | undefined;
  minSeverity?: string | undefined; enabled?: boolean | undefined;
};
export type DestinationChanges = {
  name?: string | undefined; config?: Record<string, unknown> | undefined; secret?: Record<string, string | null> | undefined;
  minSeverity?: string | undefined; enabled?: boolean | undefined;
};

function boxOf(deps: DestinationsDeps) {
  if (!deps.secretBox) throw errors.badRequest({ message: 'Destination secrets need SECRETS_ENCRYPTION_KEY to be configured on the service', details: { field: 'secret' } });
  return deps.secretBox;
}

/** The stored secret settings, or null when they cannot be read (sealed under another key). */
function openSecret(secretBox: SecretBox | null, sealed: string): Record<string, unknown> | null {
  if (!secretBox) return null;
  try {
    return JSON.parse(secretBox.open(sealed)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A destination as the API shows it: its secret settings never, only which of them are set. */
export function presentDestination(row: DestinationRow, secretBox: SecretBox | null) {
  const secret = openSecret(secretBox, row.sealedSecret);
  const fields = secret ? Object.keys(secret).filter((k) => secret[k] !== undefined && secret[k] !== null).sort() : [];
  return {
    id: row.id, name: row.name, kind: row.kind, config: row.config, secret: { set: secret === null || fields.length > 0, fields },
    minSeverity: row.minSeverity, enabled: row.enabled, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

const duplicate = (name: string) => errors.conflict({ message: `A destination named ${JSON.stringify(name)} already exists`, details: { field: 'name' } });

/**
 * Creates a destination: settings validated for its kind, the secret ones sealed. A webhook without a
 * signing secret gets one, returned this once so the receiver can be set up to verify signatures.
 */
export async function createDestination(deps: DestinationsDeps, { tenantId, body }: { tenantId: string; body: DestinationInput }) {
  const box = boxOf(deps);
  const generated = body.kind === 'webhook' && !body.secret?.signingSecret ? generateSigningSecret() : null;
  const secretInput = generated ? { ...body.secret, signingSecret: generated } : body.secret ?? {};
  const settings = parseDestinationSettings(body.kind, { config: body.config ?? {}, secret: secretInput });
  try {
    const row = await deps.destinations.create({
      tenantId, id: uuidv7(), name: body.name, kind: body.kind, config: settings.config as Record<string, unknown>, sealedSecret: box.seal(JSON.stringify(settings.secret)),
      minSeverity: body.minSeverity ?? 'low', enabled: body.enabled ?? true, now: deps.now(),
    });
    return { destination: presentDestination(row, box), ...(generated ? { signingSecret: generated } : {}) };
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(body.name);
    throw err;
  }
}

/**
 * Renames, enables, sets the minimum severity, or replaces settings. Secret fields merge: an absent one
 * keeps its stored value, null removes it. Settings are validated again as a whole for the kind.
 */
export async function updateDestination(deps: DestinationsDeps, { tenantId, id, changes }: { tenantId: string; id: string; changes: DestinationChanges }) {
  const current = await deps.destinations.get({ tenantId, id });
  if (!current) throw errors.destinationNotFound();
  const { config, secret, ...plain } = changes;
  let settingsChanges: { config?: Record<string, unknown>; sealedSecret?: string } = {};
  if (config !== undefined || secret !== undefined) {
    const box = boxOf(deps);
    const merged: Record<string, unknown> = { ...(openSecret(box, current.sealedSecret) ?? {}) };
    for (const [key, value] of Object.entries(secret ?? {})) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const settings = parseDestinationSettings(current.kind as DestinationKind, { config: config ?? current.config, secret: merged });
    settingsChanges = { config: settings.config as Record<string, unknown>, sealedSecret: box.seal(JSON.stringify(settings.secret)) };
  }
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  try {
    const row = await deps.destinations.update({ tenantId, id, changes: { ...defined, ...settingsChanges }, now: deps.now() });
    if (!row) throw errors.destinationNotFound();
    return presentDestination(row, deps.secretBox);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(changes.name ?? '');
    throw err;
  }
}

export async function getDestination(deps: Pick<DestinationsDeps, 'destinations'>, { tenantId, id }: { tenantId: string; id: string }): Promise<DestinationRow> {
  const row = await deps.destinations.get({ tenantId, id });
  if (!row) throw errors.destinationNotFound();
  return row;
}

/** A "send test" through the outbox; the worker's delivery loop sends it like an alert's. */
export async function sendTest(deps: DestinationsDeps, { tenantId, id }: { tenantId: string; id: string }) {
  await getDestination(deps, { tenantId, id });
  const row = await deps.destinations.enqueueTest({ tenantId, destinationId: id, id: uuidv7(), now: deps.now() });
  return { delivery: { id: row.id, status: row.status } };
}

/** Tries a failed delivery again; one that is pending or delivered is a conflict. */
export async function retryDelivery(deps: DestinationsDeps, { tenantId, id }: { tenantId: string; id: string }) {
  const existing = await deps.destinations.getDelivery({ tenantId, id });
  if (!existing) throw errors.deliveryNotFound();
  const row = await deps.destinations.retry({ tenantId, deliveryId: id, now: deps.now() });
  if (!row) throw errors.conflict({ message: `Only a failed delivery can be retried; this one is ${existing.status}`, details: { status: existing.status } });
  return { delivery: { id: row.id, status: row.status } };
}
