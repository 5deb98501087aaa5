import { QuerySyntaxError, type QueryNode } from '../query/query-syntax.js';
import { likeEscape } from '../query/query-fields.js';

/**
 * The search language over sessions (GET /v1/sessions?q=): the same syntax as for events, with the fields a
 * session has. `user` matches whoever started or joined it; `complete:false` finds sessions with a missing
 * event or no end; `status:` is complete, incomplete, open or abandoned.
 */
export const SESSION_FIELDS = {
  user: { columns: ['initiator'], participants: true },
  initiator: { columns: ['initiator'], participants: false },
  login: { columns: ['login'], participants: false },
  node: { columns: ['server_hostname', 'server_id'], participants: false },
  cluster: { columns: ['cluster_name'], participants: false },
  kube_cluster: { columns: ['kubernetes_cluster'], participants: false },
  db: { columns: ['db_service'], participants: false },
  app: { columns: ['app_name'], participants: false },
  desktop: { columns: ['desktop_addr'], participants: false },
  sid: { columns: ['session_id'], participants: false },
} as const;

export type SessionCondition =
  | { kind: 'and' | 'or'; items: SessionCondition[] }
  | { kind: 'not'; item: SessionCondition }
  | { kind: 'field'; field: keyof typeof SESSION_FIELDS; value: string; pattern: boolean }
  | { kind: 'complete'; value: boolean }
  | { kind: 'status'; value: 'complete' | 'incomplete' | 'open' | 'abandoned' }
  | { kind: 'text'; pattern: string };

const STATUSES = ['complete', 'incomplete', 'open', 'abandoned'] as const;

export function resolveSessionQuery(node: QueryNode | null): SessionCondition | null {
  if (!node) return null;
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map((n) => resolveSessionQuery(n)!) };
    case 'not':
      return { kind: 'not', item: resolveSessionQuery(node.item)! };
    case 'text':
      return { kind: 'text', pattern: `%${likeEscape(node.value.toLowerCase())}%` };
    case 'field': {
      const name = node.field.toLowerCase();
      const fail = (message: string, expected: string) => new QuerySyntaxError({ message: `${message} at position ${node.position}`, position: node.position, expected });
      if (node.op !== 'eq') throw fail(`${node.field} cannot be compared`, 'field:value');
      if (name === 'complete') {
        if (node.value !== 'true' && node.value !== 'false') throw fail('complete is true or false', 'true or false');
        return { kind: 'complete', value: node.value === 'true' };
      }
      if (name === 'status') {
        if (!(STATUSES as readonly string[]).includes(node.value)) throw fail(`status is one of ${STATUSES.join(', ')}`, STATUSES.join(' | '));
        return { kind: 'status', value: node.value as SessionCondition & { kind: 'status' } extends { value: infer V } ? V : never };
      }
      if (!(name in SESSION_FIELDS)) throw fail(`Unknown session field "${node.field}"; fields are ${[...Object.keys(SESSION_FIELDS), 'complete', 'status'].join(', ')}`, 'a session field');
      const pattern = node.value.includes('*');
      return { kind: 'field', field: name as keyof typeof SESSION_FIELDS, value: pattern ? node.value.split('*').map(likeEscape).join('%') : node.value, pattern };
    }
  }
}
