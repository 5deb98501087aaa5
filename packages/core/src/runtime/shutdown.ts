/** The slice of a pino logger this module uses. */
export type ShutdownLogger = { info: (obj: object, msg: string) => void; error: (obj: object | string, msg?: string) => void; fatal: (obj: object, msg: string) => void };

// Long enough to finish in-flight requests and batches, short enough for orchestrators' default grace (30 s).
const SHUTDOWN_DEADLINE_MS = 25_000;

/** Closes each resource in order on SIGTERM/SIGINT, with a hard deadline; crashes exit without draining. */
export function onShutdown(logger: ShutdownLogger, closers: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        logger.error({ err }, 'error while shutting down');
      }
    }
    logger.info({ signal }, 'stopped');
    process.exit(0);
  };
  // `on`, not `once`: Ctrl-C under `npm start` delivers SIGINT twice (from the terminal and forwarded by npm),
  // and a second signal without a listener would kill the process in the middle of its drain.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.once('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
