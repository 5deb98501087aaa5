/** A sleep that stop() can cut short, for the worker's polling loops. */
export function wakeableSleep() {
  let wake: (() => void) | null = null;
  return {
    sleep: (ms: number) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => { clearTimeout(timer); resolve(); };
    }),
    wake: () => wake?.(),
  };
}
