/** The query language, as the resource teleport-audit://reference/query-language gives it to an assistant. */
export const QUERY_LANGUAGE_REFERENCE = `# Teleport audit search: the query language

Used by search_events, event_histogram, top_values (argument \`query\`), and in a session flavour by list_sessions.

## Terms
- \`field:value\` terms side by side are ANDed: \`user:alice login:root node:prod-*\`.
- \`AND\`, \`OR\`, \`NOT\` (capitals) or \`-term\`, and parentheses: \`(user:alice OR user:bob) -event:session.data\`. AND binds tighter than OR.
- A bare word or a "quoted phrase" is free text: it matches any string value of the event (substring, case ignored). Give it a time range.

## Values
- \`*\` is a wildcard: \`node:prod-*\`, \`command:*curl*\`; \`field:*\` means the field is present.
- Quote values with spaces: \`command:"rm -rf *"\`; escape a quote inside as \\".
- Names ignore case (\`user:RJONES\` finds rjones); event types, session ids and other ids are exact.
- Numbers and times compare: \`exit_code:>0\`, \`tx_bytes:>=1000000\`, \`time:>2026-05-01T00:00:00Z\`, \`cert_expires:<now+1d\`.
- IPs take addresses or CIDR blocks: \`ip:192.0.2.7\`, \`ip:10.0.0.0/8\`, \`NOT ip:10.0.0.0/8 ip:*\` (from outside).
- Any field of the raw event: \`raw.identity.user:bob\`, \`raw."addr.remote":*\` (quote keys with dots).

## Time ranges (tool arguments from / to)
RFC 3339 (\`2026-05-31T18:00:00Z\`), a date (\`2026-05-31\`), \`now\`, or relative: \`-24h\`, \`-7d\`, \`now-15m\` (units s, m, h, d, w). \`from\` is inclusive, \`to\` exclusive.

## Common fields (the resource teleport-audit://reference/fields lists all)
| field | meaning |
|---|---|
| event (type) | event type: user.login, session.start, exec, session.command, kube.request, db.session.query, access_request.create…; session.* for a family |
| code | event code, e.g. T1000W (failed login) |
| user (actor) | who acted: user, bot, reviewer |
| login | OS or database login |
| cluster | Teleport cluster |
| node (host) | node host name, or server id |
| sid (session) | session id |
| ip (remote_ip) | client IP or CIDR |
| success | true or false |
| access_request | a request's own events and every event done under it |
| request_state, role | access request state (PENDING, APPROVED, DENIED); a role granted or requested |
| kube_cluster, kube_verb, kube_resource | Kubernetes |
| db, db_user, db_query | database service or name, user, statement (\`db_query:*DROP*\`) |
| app, desktop, aws_role | applications, Windows desktops, AWS roles |
| command, program, path, exit_code | commands, BPF events, file transfers |
| method, mfa_device | login method; \`mfa_device:*\` means with MFA |

## Session queries (list_sessions)
\`user:\` (started or joined), \`initiator:\`, \`login:\`, \`node:\`, \`cluster:\`, \`kube_cluster:\`, \`db:\`, \`app:\`, \`desktop:\`, \`sid:\`, \`complete:true|false\`, \`status:complete|incomplete|open|abandoned\`, free text.

## Examples
| question | tool and arguments |
|---|---|
| sessions of alice on prod in the last 24 h | list_sessions user=alice cluster=prod* from=-24h |
| everything done under access request X | get_access_request request_id=X |
| failed logins by IP | top_values query="event:user.login success:false" fields=[remote_ip] |
| root logins on production nodes this week | search_events query="event:session.start login:root node:prod-*" from=-7d |
| commands that failed | search_events query="event:exec exit_code:>0" |
| who ran curl | top_values query="\\"curl\\"" fields=[actor] |
| event types over 30 days | event_histogram from=-30d group_by=event_type |
`;
