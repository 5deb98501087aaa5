/**
 * The life of one access request, from its own events (access_request.create, .review, .update, .expire,
 * .delete), in time order: who asked for what and why, who reviewed it and how, what was decided and by
 * whom, when it expired. Pure; what was done under the request is added by the caller.
 */
export type RequestEvent = {
  id: string;
  time: string;
  type: string;
  actor: string | null;
  roles: string[] | null;
  requestState: string | null;
  raw: Record<string, unknown>;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function buildAccessRequestCase(events: RequestEvent[], now: Date) {
  const create = events.find((e) => e.type === 'access_request.create') ?? null;
  const reviews = events.filter((e) => e.type === 'access_request.review').map((e) => ({
    time: e.time, eventId: e.id, reviewer: str(e.raw.reviewer) ?? e.actor, proposedState: str(e.raw.proposed_state) ?? e.requestState, reason: str(e.raw.reason),
  }));
  const decision = [...events].reverse().find((e) => e.type === 'access_request.update' && e.requestState) ?? null;
  const expiredEvent = events.find((e) => e.type === 'access_request.expire') ?? null;
  const deletedEvent = events.find((e) => e.type === 'access_request.delete') ?? null;
  const expires = create ? str(create.raw.expires) ?? str(create.raw.max_duration) : null;
  const expired = expiredEvent !== null || (expires !== null && Date.parse(expires) <= now.getTime());
  const state = decision?.requestState ?? create?.requestState ?? null;
  const requester = create ? str(create.raw.user) ?? create.actor : null;
  return {
    requester,
    roles: create ? create.roles ?? strings(create.raw.roles) : [],
    /** Teleport's resource_ids as sent: [{ cluster, kind, name }] for resource-based requests */
    resources: create && Array.isArray(create.raw.resource_ids) ? create.raw.resource_ids as unknown[] : [],
    reason: create ? str(create.raw.reason) : null,
    suggestedReviewers: create ? strings(create.raw.suggested_reviewers) : [],
    createdAt: create?.time ?? null,
    reviews,
    state,
    decidedBy: decision ? str(decision.raw.updated_by) ?? decision.actor : null,
    decidedAt: decision?.time ?? null,
    /** approved by the person who asked: a finding of its own */
    selfApproved: state === 'APPROVED' && requester !== null && (decision ? (str(decision.raw.updated_by) ?? decision.actor) === requester : false)
      || reviews.some((r) => r.proposedState === 'APPROVED' && r.reviewer === requester),
    expiresAt: expires,
    expired,
    expiredAt: expiredEvent?.time ?? (expired ? expires : null),
    deletedAt: deletedEvent?.time ?? null,
    lifecycle: events.map((e) => ({ time: e.time, eventId: e.id, type: e.type, actor: e.actor, state: e.requestState })),
  };
}

export type AccessRequestCase = ReturnType<typeof buildAccessRequestCase>;
