/**
 * JSON.stringify for values of any depth. The quarantine must keep the bytes of a record nested too
 * deep for JSON.stringify (which recurses and overflows its stack after a few thousand levels), when
 * the framing gave no slice of the body to keep. Same output as JSON.stringify for parsed JSON.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return iterativeJsonText(value);
  }
}

type Frame = { kind: 'array'; items: unknown[]; next: number } | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; next: number };

function iterativeJsonText(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ kind: 'array', items: v, next: 0 });
    } else if (v !== null && typeof v === 'object') {
      out.push('{');
      const obj = v as Record<string, unknown>;
      stack.push({ kind: 'object', obj, keys: Object.keys(obj).filter((k) => obj[k] !== undefined), next: 0 });
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  };
  open(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.kind === 'array') {
      if (frame.next === frame.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (frame.next > 0) out.push(',');
      open(frame.items[frame.next++]);
    } else {
      if (frame.next === frame.keys.length) {
        out.push('}');
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.next++]!;
      out.push(`${frame.next > 1 ? ',' : ''}${JSON.stringify(key)}:`);
      open(frame.obj[key]);
    }
  }
  return out.join('');
}
