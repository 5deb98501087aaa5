import { runMigrations } from './migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: a postgres:// URL of a role that owns the schema, e.g. postgres://postgres@127.0.0.1:5432/teleport_audit');
  process.exit(2);
}
await runMigrations({ url });
console.log('migrations applied');
