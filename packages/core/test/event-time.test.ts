import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEventTime } from '../src/events/index.js';

const accepted: Array<[input: string, iso: string, why: string]> = [
  ['2020-08-13T18:39:42Z', '2020-08-13T18:39:42.000000Z', 'no fractional digits'],
  ['2020-08-17T18:50:39.1Z', '2020-08-17T18:50:39.100000Z', 'one digit (Go drops trailing zeros)'],
  ['2021-10-08T15:42:15.39Z', '2021-10-08T15:42:15.390000Z', 'two digits'],
  ['2019-10-04T21:38:35.351Z', '2019-10-04T21:38:35.351000Z', 'three digits'],
  ['2023-09-20T19:00:00.123456Z', '2023-09-20T19:00:00.123456Z', 'six digits, kept'],
  ['2021-05-12T01:26:22.61263808Z', '2021-05-12T01:26:22.612638Z', 'eight digits, truncated to microseconds'],
  ['2019-10-04T21:38:38.319302899Z', '2019-10-04T21:38:38.319302Z', 'nine digits'],
  ['2023-09-17T22:00:00.999999999Z', '2023-09-17T22:00:00.999999Z', 'truncation never rolls into the next second'],
  ['2023-09-18T02:00:00+02:00', '2023-09-18T00:00:00.000000Z', 'positive offset'],
  ['2023-09-17T19:30:00.5-04:30', '2023-09-18T00:00:00.500000Z', 'negative offset with minutes'],
  ['2023-09-17T19:30:00.123456789-04:30', '2023-09-18T00:00:00.123456Z', 'an offset keeps the microseconds'],
  ['2023-09-18t00:00:00z', '2023-09-18T00:00:00.000000Z', 'lower-case t and z are RFC 3339'],
  ['2023-09-18 00:00:00', '2023-09-18T00:00:00.000000Z', 'Panther space form, read as UTC'],
  ['2023-09-17 21:00:00.000007', '2023-09-17T21:00:00.000007Z', 'Panther space form with microseconds'],
  ['2023-09-18 11:22:33Z', '2023-09-18T11:22:33.000000Z', 'space form with a zone'],
  ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000000Z', 'leap day'],
  ['0001-01-01T00:00:00.001Z', '0001-01-01T00:00:00.001000Z', 'just after Go zero time is a real instant'],
  ['0001-01-01T00:00:00.0001Z', '0001-01-01T00:00:00.000100Z', '100 µs after Go zero time is not the zero time'],
  ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000000Z', 'two-digit years are not moved into the 1900s'],
];

for (const [input, iso, why] of accepted) {
  test(`time ${JSON.stringify(input)} parses (${why})`, () => {
    const parsed = parseEventTime(input);
    assert.equal(parsed.reason, null);
    assert.equal(parsed.time, iso);
    assert.equal(parsed.date?.toISOString(), `${iso.slice(0, 23)}Z`, 'date is the same instant to the millisecond');
  });
}

const rejected: Array<[input: unknown, reason: 'missing' | 'zero' | 'invalid', why: string]> = [
  [undefined, 'missing', 'absent'],
  [null, 'missing', 'null'],
  ['', 'missing', 'empty string'],
  ['0001-01-01T00:00:00Z', 'zero', 'Go zero time'],
  ['0001-01-01T00:00:00.000000000Z', 'zero', 'Go zero time with fractional zeros'],
  ['0001-01-01T01:00:00+01:00', 'zero', 'Go zero time written with an offset'],
  ['2023-09-20T23:00:000.000000Z', 'invalid', 'three-digit seconds (Postgres would accept it)'],
  ['2023-09-18T00:00:00', 'invalid', 'T form without a zone'],
  ['2023-09-18T00:00:00.1234567890Z', 'invalid', 'ten fractional digits'],
  ['2023-09-18T00:00:00.Z', 'invalid', 'a dot without digits'],
  ['2023-02-29T00:00:00Z', 'invalid', 'no leap day in 2023'],
  ['2023-13-01T00:00:00Z', 'invalid', 'month 13'],
  ['2023-09-18T24:00:00Z', 'invalid', 'hour 24'],
  ['2016-12-31T23:59:60Z', 'invalid', 'leap second'],
  ['2023-09-18T00:00:00+24:00', 'invalid', 'offset out of range'],
  ['2023-09-18T00:00:00+0200', 'invalid', 'offset without a colon'],
  [' 2023-09-18T00:00:00Z', 'invalid', 'leading whitespace'],
  ['2023-09-18', 'invalid', 'date only'],
  ['Mon Mar 30 08:58:54 PDT 2020', 'invalid', 'free-form date'],
  [1_695_000_000, 'invalid', 'numeric epoch seconds'],
  [1_695_000_000_000, 'invalid', 'numeric epoch milliseconds'],
  ['1695000000', 'invalid', 'epoch as a string'],
  [{ seconds: 1 }, 'invalid', 'protobuf Timestamp object'],
];

for (const [input, reason, why] of rejected) {
  test(`time ${JSON.stringify(input) ?? 'undefined'} is rejected as ${reason} (${why})`, () => {
    assert.deepEqual(parseEventTime(input), { time: null, date: null, reason });
  });
}
