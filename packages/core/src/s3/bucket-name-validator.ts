// Rules for general purpose buckets (S3 User Guide, "General purpose bucket naming rules"). Legacy
// us-east-1 buckets created before March 2018 may break them (uppercase, underscores); none of the
// producers we ingest from can create such buckets today, so they are refused with the rule named.
const ALLOWED = /^[a-z0-9.-]+$/;
const ALNUM_EDGES = /^[a-z0-9](?:.*[a-z0-9])?$/;
const IP_FORMATTED = /^\d+\.\d+\.\d+\.\d+$/;

// Reserved names belong to other S3 resource kinds, which is the useful thing to tell the user.
const RESERVED_PREFIXES: readonly [string, string][] = [
  ['xn--', 'reserved for punycode names'],
  ['sthree-', 'reserved by S3'],
  ['amzn-s3-demo-', 'reserved for AWS documentation examples'],
];
const RESERVED_SUFFIXES: readonly [string, string][] = [
  ['-s3alias', 'an access point alias'],
  ['--ol-s3', 'an Object Lambda access point alias'],
  ['.mrap', 'a Multi-Region Access Point'],
  ['--x-s3', 'a directory bucket, which cannot send event notifications'],
  ['--table-s3', 'a table bucket'],
];

/** Null when `name` is a valid general purpose bucket name, otherwise which rule it breaks. */
export function bucketNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (/[A-Z]/.test(name)) return 'must be lowercase';
  if (!ALLOWED.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens';
  if (!ALNUM_EDGES.test(name)) return 'must start and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (IP_FORMATTED.test(name)) return 'must not be formatted as an IP address';
  for (const [prefix, why] of RESERVED_PREFIXES) if (name.startsWith(prefix)) return `must not start with "${prefix}" (${why})`;
  for (const [suffix, what] of RESERVED_SUFFIXES) if (name.endsWith(suffix)) return `ends with "${suffix}", which names ${what}`;
  return null;
}
