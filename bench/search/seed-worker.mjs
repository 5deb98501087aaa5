// Worker threads do not inherit the TypeScript loader of the process that starts them: register it, then run.
import { register } from 'tsx/esm/api';

register();
await import('./seed-worker.ts');
