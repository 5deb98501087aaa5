/**
 * Whether a user name that is an email address belongs to the cluster's domain: `jane@example.com` on
 * `teleport.example.com` does, `eve@gmail.com` does not. Null when either side is unknown (a GitHub
 * login is no email), so a rule about foreign domains never fires on names without a domain.
 */
export function emailInClusterDomain(user: unknown, cluster: string | null): boolean | null {
  if (typeof user !== 'string' || cluster === null) return null;
  const parts = user.split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const domain = parts[1].toLowerCase().replace(/\.$/, '');
  const host = cluster.toLowerCase().replace(/\.$/, '');
  return host === domain || host.endsWith(`.${domain}`);
}
