import { pathLabel, valueAt, type FieldPath } from './field-readers.js';

/**
 * Who acted, in order of preference (event-schema.md §3 pitfalls 1–2, §4.1). `user` is usually a
 * string, but old `device` events nest it as `{ "user": … }`; cert.create keeps it in `identity`;
 * bots, reviewers and config authors have their own keys. Only strings count: casting an object
 * would store `[object Object]` as a person.
 */
const ACTOR_CHAIN: readonly FieldPath[] = [
  'user',
  ['user', 'user'],
  ['identity', 'user'],
  'user_name',
  'bot_name',
  'reviewer',
  'updated_by',
];

export type EventActor = { actor: string | null; actorPath: string | null };

export function resolveActor(event: Record<string, unknown>): EventActor {
  for (const path of ACTOR_CHAIN) {
    const value = valueAt({ event, path });
    if (typeof value === 'string' && value !== '') return { actor: value, actorPath: pathLabel(path) };
  }
  // NULL is a legitimate answer: 61 sample events name no actor at all.
  return { actor: null, actorPath: null };
}
