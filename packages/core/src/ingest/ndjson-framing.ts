import { contentEnd, contentStart, parseJson } from './body-bytes.js';
import type { FramedBody } from './framed-body.js';
import { countRejected, wholeValueBody } from './json-framing.js';
import { lineValues, splitLines } from './ndjson-lines.js';

/**
 * The reader for bodies labelled NDJSON / JSON Lines (Fluentd `out_http`'s default). Each line is
 * read alone, so one bad line is quarantined and its neighbours are kept. The one exception is a
 * pretty-printed JSON document sent under an NDJSON label: its lines fail one by one, but the whole
 * parses, and then the whole is what was meant.
 */
export function frameNdjsonBody(body: Buffer): FramedBody {
  const lines = splitLines(body);
  if (lines.length === 0) return { framing: 'empty', pieces: [] };
  const pieces = lineValues(lines);
  if (lines.length > 1 && countRejected(pieces) > 0) {
    const content = body.subarray(contentStart(body), contentEnd(body));
    const whole = parseJson(content);
    if (whole.ok) return wholeValueBody({ value: whole.value, content });
  }
  return { framing: 'ndjson', pieces };
}
