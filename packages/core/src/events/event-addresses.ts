import { parseAddress, type ParsedAddress } from './address.js';
import { valueAt } from './field-readers.js';

export type EventAddresses = {
  remoteAddr: string | null;
  remoteIp: string | null;
  remotePort: number | null;
  localAddr: string | null;
  localIp: string | null;
  localPort: number | null;
};

/**
 * Connection addresses (event-schema.md §3 pitfalls 7–8, §3.2). `addr.remote` is a literal dotted key;
 * Panther's test data spells it `addr_remote`. cert.create has no `addr.remote` at all and carries the
 * client IP in `identity.client_ip`, which then fills `remote_ip` (as Elastic's `related.ip` does) while
 * `remote_addr` stays what the event said.
 */
export function readAddresses({ event, warnings }: { event: Record<string, unknown>; warnings: string[] }): EventAddresses {
  const remote = parseAddress(firstPresent([event['addr.remote'], event.addr_remote]));
  const local = parseAddress(event['addr.local']);
  warnFor({ parsed: remote, column: 'remote_addr', warnings });
  warnFor({ parsed: local, column: 'local_addr', warnings });

  let remoteIp = remote.ip;
  if (remoteIp === null) {
    const clientIp = parseAddress(valueAt({ event, path: ['identity', 'client_ip'] }));
    if (clientIp.issue) warnings.push('client_ip.invalid');
    remoteIp = clientIp.ip;
  }

  return {
    remoteAddr: remote.address,
    remoteIp,
    remotePort: remote.port,
    localAddr: local.address,
    localIp: local.ip,
    localPort: local.port,
  };
}

function firstPresent(values: unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null && value !== '');
}

function warnFor({ parsed, column, warnings }: { parsed: ParsedAddress; column: string; warnings: string[] }) {
  if (parsed.issue) warnings.push(`${column}.${parsed.issue}`);
}
