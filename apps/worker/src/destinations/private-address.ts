import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { DestinationSettings } from '@tai/core';

// Addresses a tenant's destination must not reach unless the operator allows it: this host, the private
// networks the worker sits in, link-local (cloud metadata at 169.254.169.254) and the like. IPv4-mapped IPv6
// is checked as the IPv4 it carries (a ::ffff:0:0/96 rule would make BlockList match every IPv4 address).
const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

export const isPrivateAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) {
    const v4 = address.slice(7);
    if (isIP(v4) === 4) return blocked.check(v4, 'ipv4');
  }
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/** The host a destination connects to. */
export function destinationHost(settings: DestinationSettings): string {
  switch (settings.kind) {
    case 'webhook': return new URL(settings.config.url).hostname;
    case 'slack': return new URL(settings.secret.webhookUrl).hostname;
    case 'pagerduty': return new URL(settings.config.eventsUrl).hostname;
    case 'email': return settings.config.host;
  }
}

/** Where a destination may be sent: the one address its name resolved to and was checked at, or why not. */
export type CheckedDestination = { connectTo: string } | { refused: string } | { unresolved: string };

/**
 * Resolves the destination's host once and checks every address it gave: any private one refuses it. The send
 * then connects to the checked address itself (keeping the name for TLS and the Host header), so a name that
 * resolves to a public address for the check and to a private one a moment later (DNS rebinding) cannot
 * redirect it. A name that does not resolve is reported as such; the delivery is retried.
 */
export async function checkDestination(settings: DestinationSettings, lookupAll: typeof lookup = lookup): Promise<CheckedDestination> {
  const host = destinationHost(settings).replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookupAll(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    return { unresolved: `network: host name lookup failed (${(err as { code?: string }).code ?? 'unknown'})` };
  }
  const inside = addresses.find(isPrivateAddress);
  if (inside !== undefined) {
    return { refused: `destination.private_address: ${host} resolves to ${inside}, a loopback, private or link-local address; the operator may allow it with DESTINATION_ALLOW_PRIVATE_NETWORKS=true` };
  }
  if (addresses.length === 0) return { unresolved: 'network: host name lookup returned no address' };
  return { connectTo: addresses[0]! };
}
