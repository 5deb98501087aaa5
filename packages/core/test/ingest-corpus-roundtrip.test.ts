import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCorpusFile, type CorpusFile } from '../../../test/support/corpus.js';
import { decode, ENCODINGS, packMsgpack } from './ingest-support.js';

type Event = Record<string, unknown>;
type Request = { body: Buffer; contentType?: string; userAgent?: string; expected: Event[]; forwarderKeys: string[] };
type Framing = { name: string; build: (events: readonly Event[]) => Request[] };

const FILES: readonly CorpusFile[] = [
  'panther-teleport.ndjson',
  'teleport-docs-placeholders.ndjson',
  'teleport-docs-reference.ndjson',
  'teleport-events-test.ndjson',
  'teleport-webapps-fixtures.ndjson',
  'teleport-webapps-session-stream.ndjson',
];

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const json = (events: readonly Event[]) => events.map((event) => JSON.stringify(event));
const batch = (body: Buffer, events: readonly Event[], extra: Partial<Request> = {}): Request[] =>
  [{ body, expected: [...events], forwarderKeys: [], ...extra }];
const FLUENT_BIT_DATE = 1_748_822_258.104512;

/** Every way a sender in teleport-wire.md §1 frames a batch of events. */
const FRAMINGS: readonly Framing[] = [
  {
    name: 'Event Handler: one object per body',
    build: (events) => events.slice(0, 5).map((event) => ({ body: utf8(JSON.stringify(event)), contentType: 'application/json', expected: [event], forwarderKeys: [] })),
  },
  { name: 'JSON array (Vector default)', build: (events) => batch(utf8(`[${json(events).join(',')}]`), events, { contentType: 'application/json', userAgent: 'Vector/0.58.0' }) },
  { name: 'Fluentd json_array', build: (events) => batch(utf8(`[${json(events).map((line) => `${line}\n`).join(',')}]`), events, { contentType: 'application/json' }) },
  { name: 'NDJSON with \\n (Fluentd default)', build: (events) => batch(utf8(json(events).map((line) => `${line}\n`).join('')), events, { contentType: 'application/x-ndjson' }) },
  { name: 'NDJSON with \\r\\n (Fluentd on Windows)', build: (events) => batch(utf8(json(events).map((line) => `${line}\r\n`).join('')), events, { contentType: 'application/x-ndjson; charset=utf-8' }) },
  { name: 'JSON Lines label', build: (events) => batch(utf8(json(events).join('\n')), events, { contentType: 'application/jsonl' }) },
  { name: 'NDJSON labelled application/json, no final newline (Vector)', build: (events) => batch(utf8(json(events).join('\n')), events, { contentType: 'application/json' }) },
  { name: 'concatenated }{ (Fluent Bit json_stream)', build: (events) => batch(utf8(json(events).join('')), events, { contentType: 'application/json', userAgent: 'Fluent-Bit' }) },
  { name: 'concatenated } { with spaces', build: (events) => batch(utf8(json(events).join(' ')), events, { contentType: 'application/json' }) },
  { name: 'concatenated }\\n{ (Fluent Bit json_lines)', build: (events) => batch(utf8(`${json(events).join('\n')}\n`), events, { contentType: 'application/json' }) },
  { name: 'no Content-Type at all', build: (events) => batch(utf8(json(events).join('')), events) },
  { name: 'pretty-printed array', build: (events) => batch(utf8(JSON.stringify(events, null, 2)), events, { contentType: 'text/plain' }) },
  {
    name: 'Fluent Bit json array with date',
    build: (events) => {
      const sent = events.map((event) => ({ date: FLUENT_BIT_DATE, ...event }));
      return batch(utf8(JSON.stringify(sent)), sent, { contentType: 'application/json', userAgent: 'Fluent-Bit', forwarderKeys: ['date'] });
    },
  },
  { name: 'msgpack map stream (Fluentd)', build: (events) => batch(packMsgpack(events), events, { contentType: 'application/x-msgpack' }) },
  {
    name: 'msgpack [[t, meta], rec] entries (Fluent Bit)',
    build: (events) => batch(packMsgpack(events.map((event) => [[FLUENT_BIT_DATE, {}], event])), events, { contentType: 'application/msgpack', userAgent: 'Fluent-Bit' }),
  },
  { name: 'msgpack [t, rec] entries (forward)', build: (events) => batch(packMsgpack(events.map((event) => [1_748_822_258, event])), events, { contentType: 'application/msgpack' }) },
  { name: 'msgpack without a Content-Type (sniffed)', build: (events) => batch(packMsgpack(events), events) },
  {
    name: 'form json= array (Fluentd in_http style)',
    build: (events) => batch(utf8(new URLSearchParams({ json: JSON.stringify(events) }).toString()), events, { contentType: 'application/x-www-form-urlencoded' }),
  },
  {
    name: 'form ndjson=',
    build: (events) => batch(utf8(new URLSearchParams({ ndjson: json(events).join('\n') }).toString()), events, { contentType: 'application/x-www-form-urlencoded' }),
  },
];

for (const file of FILES) {
  test(`every event of ${file} survives every framing and encoding, in order`, async (t) => {
    const events = loadCorpusFile(file).map(({ event }) => event);
    assert.ok(events.length > 0);
    for (const framing of FRAMINGS) {
      await t.test(framing.name, () => {
        for (const request of framing.build(events)) {
          for (const encoding of ENCODINGS) {
            const result = decode({ body: encoding.encode(request.body), contentEncoding: encoding.header, contentType: request.contentType, userAgent: request.userAgent });
            const where = `${framing.name} / ${encoding.name}`;
            assert.deepEqual(result.quarantined, [], where);
            assert.deepEqual(result.records.map(({ record }) => record), request.expected, where);
            for (const { forwarderKeys } of result.records) assert.deepEqual(forwarderKeys, request.forwarderKeys, where);
            assert.equal(result.decompressedBytes, request.body.length, where);
          }
        }
      });
    }
  });
}
