/**
 * Runs tasks one at a time per key, in arrival order. Token look-ups from an address that keeps failing
 * authentication go through its lane, so a flood of guesses from one address holds at most one database
 * connection, while a valid token from that same address is still looked up and served.
 */
export function createKeyedLane() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const result = (tails.get(key) ?? Promise.resolve()).then(task, task);
      const tail = result.then(() => undefined, () => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    size: () => tails.size,
  };
}
