// Private-network guard: which IP addresses a fetch may connect to.
//
// The check is made on addresses, never on URL text: the resolver wrapper (guardLookup) drops
// refused addresses before a connection is tried, and the connector (fetch.ts) checks the
// address the socket actually connected to, so an IP literal, a DNS name pointing inward or a
// name that re-binds between look-ups are all caught. Every redirect hop goes through the same
// dispatcher and so is checked again.
//
// Cases handled (refused unless allow_private_networks is set):
//   IPv4  0/8 this network, 10/8 private, 100.64/10 carrier-grade NAT (RFC 6598, holds Alibaba's
//         metadata 100.100.100.200), 127/8 loopback, 169.254.169.254 cloud metadata,
//         169.254/16 link-local, 172.16/12 private, 192.0.0/24 IETF assignments, 192.0.2/24,
//         198.51.100/24, 203.0.113/24 documentation, 192.168/16 private, 198.18/15 benchmarking,
//         224/4 multicast, 240/4 reserved and broadcast.
//   IPv6  :: unspecified, ::1 loopback, fd00:ec2::254 cloud metadata (AWS), fc00::/7 unique
//         local, fe80::/10 link-local, fec0::/10 old site-local, ff00::/8 multicast,
//         100::/64 discard, 2001:db8::/32 documentation.
//   IPv6 with an IPv4 inside: ::ffff:0:0/96 IPv4-mapped, 64:ff9b::/96 NAT64, ::/96
//         IPv4-compatible, 2002::/16 6to4 — judged by the IPv4 address they carry.
//   Anything that does not parse as an IP address is refused (fail closed).
import type { LookupAddress } from 'node:dns';
import { isIPv4, isIPv6, type LookupFunction } from 'node:net';

/** What the guard says about one address. */
export interface AddressVerdict {
  blocked: boolean;
  /** The range it falls in ('loopback', 'private', 'cloud metadata' …) or 'public'. */
  range: string;
}

interface Range {
  base: bigint;
  bits: number;
  label: string;
}

function parseIPv4(text: string): number | null {
  if (!isIPv4(text)) return null;
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function parseIPv6(text: string): bigint | null {
  let s = text.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (!isIPv6(s)) return null;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...restGroups];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function v4(cidr: string, label: string): Range {
  const [addr, bits] = cidr.split('/') as [string, string];
  return { base: BigInt(parseIPv4(addr)!), bits: Number(bits), label };
}

function v6(cidr: string, label: string): Range {
  const [addr, bits] = cidr.split('/') as [string, string];
  return { base: parseIPv6(addr)!, bits: Number(bits), label };
}

// Most specific first: the first match names the range.
const IPV4_RANGES: Range[] = [
  v4('169.254.169.254/32', 'cloud metadata'),
  v4('100.100.100.200/32', 'cloud metadata'),
  v4('0.0.0.0/8', 'this network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('fd00:ec2::254/128', 'cloud metadata'),
  v6('100::/64', 'discard'),
  v6('2001:db8::/32', 'documentation'),
  v6('fc00::/7', 'unique local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

/** IPv6 prefixes that carry an IPv4 address, and where it sits (bit offset from the right). */
const IPV4_CARRIERS: Array<{ range: Range; shift: bigint }> = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), shift: 0n },
  { range: v6('64:ff9b::/96', 'NAT64'), shift: 0n },
  { range: v6('::/96', 'IPv4-compatible'), shift: 0n },
  { range: v6('2002::/16', '6to4'), shift: 80n },
];

function inRange(addr: bigint, range: Range, width: number): boolean {
  const shift = BigInt(width - range.bits);
  return addr >> shift === range.base >> shift;
}

function classifyIPv4(n: number): AddressVerdict {
  const addr = BigInt(n);
  for (const range of IPV4_RANGES) if (inRange(addr, range, 32)) return { blocked: true, range: range.label };
  return { blocked: false, range: 'public' };
}

/** Says whether an IP address (v4 or v6, optionally [bracketed] or with a %zone) is private, and which range it is in. */
export function classifyAddress(address: string): AddressVerdict {
  const n4 = parseIPv4(address);
  if (n4 !== null) return classifyIPv4(n4);
  const n6 = parseIPv6(address);
  if (n6 === null) return { blocked: true, range: 'not an IP address' };
  for (const range of IPV6_RANGES) if (inRange(n6, range, 128)) return { blocked: true, range: range.label };
  for (const { range, shift } of IPV4_CARRIERS) {
    if (!inRange(n6, range, 128)) continue;
    const inner = classifyIPv4(Number((n6 >> shift) & 0xffffffffn));
    return inner.blocked ? { blocked: true, range: `${inner.range} (${range.label})` } : inner;
  }
  return { blocked: false, range: 'public' };
}

/** True for loopback, private, link-local, CGNAT, unique-local, metadata and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  return classifyAddress(address).blocked;
}

/** Thrown (inside the fetch stage) when a connection would reach a refused address; response.ts turns it into 'private-network'. */
export class PrivateNetworkError extends Error {
  override name = 'PrivateNetworkError' as const;
  readonly code = 'ERR_TIDINGS_PRIVATE_NETWORK';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`refused to connect to ${address} (${range})${host && host !== address ? ` for ${host}` : ''}`);
  }
}

/**
 * Wraps a resolver so that refused addresses never reach connect(); when nothing is left the
 * look-up fails with PrivateNetworkError. Works for both the single and the `all: true` form
 * (Node's happy-eyeballs connect asks for all).
 */
export function guardLookup(base: LookupFunction): LookupFunction {
  return ((hostname: string, options: { all?: boolean } & object, callback: (...args: unknown[]) => void) => {
    base(hostname, { ...options, all: true }, (err: NodeJS.ErrnoException | null, found: string | LookupAddress[]) => {
      if (err) return callback(err);
      const list = Array.isArray(found) ? found : [{ address: found, family: isIPv6(found) ? 6 : 4 }];
      const allowed = list.filter((a) => !classifyAddress(a.address).blocked);
      if (allowed.length === 0) {
        const first = list[0];
        const verdict = first ? classifyAddress(first.address) : { range: 'no address' };
        return callback(new PrivateNetworkError(hostname, first?.address ?? '', verdict.range));
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  }) as LookupFunction;
}
