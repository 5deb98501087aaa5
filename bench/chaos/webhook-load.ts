import type { ChaosEvents } from './events.js';
import type { Size } from './options.js';
import type { GroupResult } from './report.js';
import { sendLikeEventHandler, sendLikeFluentd, type SenderResult } from './senders.js';
import type { ChaosStack } from './stack.js';
import { storedBySource } from './stored.js';
import { tallyRecords } from './tally.js';

/**
 * Steady webhook load for one scenario: an Event Handler-like and a Fluentd-like sender, each on a source
 * of its own (so each tally reads exactly its own rows), running until all their events are accepted or the
 * deadline passes. settle() waits for both and tallies them against the table.
 */
export async function startWebhookLoad(stack: ChaosStack, { name, events, size, deadline }: { name: string; events: ChaosEvents; size: Size; deadline: number }) {
  const eh = await stack.createWebhookSource(`${name}-event-handler`);
  const fd = await stack.createWebhookSource(`${name}-fluentd`);
  // The Event Handler's `url` and Fluentd's `${tag}` both end the path in events.log (README, Sending events).
  const eventsUrl = (url: URL) => new URL(`${url.href}/events.log`);
  const running: Array<{ sender: string; sourceId: string; result: Promise<SenderResult> }> = [
    {
      sender: 'event-handler (1 event/POST, 16 in flight)', sourceId: eh.sourceId,
      result: sendLikeEventHandler({ url: eventsUrl(eh.url), events: events(size.eventHandlerPerSecond * size.loadSeconds), eventsPerSecond: size.eventHandlerPerSecond, deadline }),
    },
    {
      sender: 'fluentd (gzip NDJSON x50, 2 in flight)', sourceId: fd.sourceId,
      result: sendLikeFluentd({ url: eventsUrl(fd.url), events: events(size.fluentdPerSecond * size.loadSeconds), eventsPerSecond: size.fluentdPerSecond, deadline }),
    },
  ];
  return {
    settle: async (): Promise<GroupResult[]> => {
      const groups: GroupResult[] = [];
      for (const { sender, sourceId, result } of running) {
        const { records, answers } = await result;
        groups.push({ sender, tally: tallyRecords({ records, stored: await storedBySource(stack.owner, sourceId), answers }) });
      }
      return groups;
    },
  };
}
