// Response shapes of apps/api/src/modules/access-requests/access-requests.routes.ts (packages/core access-request-case.ts).
import type { SessionSummary } from '../sessions/session-types';

type S = string | null;

export type AccessRequestSummary = {
  requestId: string; firstEventAt: string; lastEventAt: string; requester: S; roles: string[] | null; state: S; reviews: number; events: number;
};
export type AccessRequestList = { data: AccessRequestSummary[]; nextCursor: S; range: { from: S; to: S } };

export type Review = { time: string; eventId: string; reviewer: S; proposedState: S; reason: S };
export type LifecycleEntry = { time: string; eventId: string; type: string; actor: S; state: S };
export type UsedEvent = Record<string, unknown> & { id: string; time: string; type?: string; actor?: S; serverHostname?: S; sessionId?: S };

export type AccessRequestCase = {
  requestId: string; requester: S; roles: string[]; resources: unknown[]; reason: S; suggestedReviewers: string[]; createdAt: S;
  reviews: Review[]; state: S; decidedBy: S; decidedAt: S; selfApproved: boolean; expiresAt: S; expired: boolean; expiredAt: S; deletedAt: S;
  lifecycle: LifecycleEntry[]; firstUsedAt: S; lastUsedAt: S;
  usage: { events: number; byType: Record<string, number>; sessions: number; truncated: boolean };
  sessions: SessionSummary[]; events: UsedEvent[];
};
