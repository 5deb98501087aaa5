import { createEventFactory, loadTemplates, type RawEvent } from '../lib/events.js';

const USERS = 37;

/**
 * Unique corpus-shaped events: real Teleport events from test/fixtures/corpus with a fresh uid (a UUID, the
 * dedup key), a time this month and, where the event names a user, one of a few dozen users.
 */
export function createChaosEvents() {
  const factory = createEventFactory(loadTemplates());
  let n = 0;
  return (count: number): RawEvent[] => Array.from({ length: count }, () => {
    const { event } = factory.next();
    n++;
    return typeof event.user === 'string' ? { ...event, user: `chaos-user-${n % USERS}` } : event;
  });
}

export type ChaosEvents = ReturnType<typeof createChaosEvents>;
