// Table tests for the private-network guard: every refused range, the public addresses next to
// them, and IPv6 forms that carry an IPv4 address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { PrivateNetworkError, classifyAddress, guardLookup, isPrivateAddress } from './guard.ts';

const CASES: Array<[string, string]> = [
  // IPv4 (RFC 6890 special-purpose registry)
  ['0.0.0.0', 'this network'],
  ['10.1.2.3', 'private'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  ['100.100.100.200', 'cloud metadata'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.1.1', 'link-local'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'benchmarking'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fd00:ec2::254', 'cloud metadata'],
  ['fd12:3456::1', 'unique local'],
  ['fc00::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'site-local'],
  ['ff02::1', 'multicast'],
  ['100::1', 'discard'],
  ['2001:db8::1', 'documentation'],
  // IPv4 inside IPv6: judged by the IPv4 address
  ['::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
  ['::ffff:7f00:1', 'loopback (IPv4-mapped)'],
  ['::ffff:169.254.169.254', 'cloud metadata (IPv4-mapped)'],
  ['::ffff:10.0.0.1', 'private (IPv4-mapped)'],
  ['64:ff9b::10.0.0.1', 'private (NAT64)'],
  ['::127.0.0.1', 'loopback (IPv4-compatible)'],
  ['2002:c0a8:0101::1', 'private (6to4)'],
  // public neighbours of the refused ranges
  ['1.1.1.1', 'public'],
  ['9.255.255.255', 'public'],
  ['11.0.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['192.167.255.255', 'public'],
  ['169.253.255.255', 'public'],
  ['223.255.255.255', 'public'],
  ['2606:4700:4700::1111', 'public'],
  ['::ffff:8.8.8.8', 'public'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:0808:0808::1', 'public'],
  ['fbff::1', 'public'],
  ['fe7f::1', 'public'],
  // not an address at all: refused
  ['localhost', 'not an IP address'],
  ['', 'not an IP address'],
  ['1.2.3', 'not an IP address'],
  ['::ffff:999.0.0.1', 'not an IP address'],
];

test('classifyAddress: every refused range and its public neighbours', () => {
  for (const [address, range] of CASES) {
    const verdict = classifyAddress(address);
    assert.equal(verdict.range, range, address);
    assert.equal(verdict.blocked, range !== 'public', address);
    assert.equal(isPrivateAddress(address), range !== 'public', address);
  }
});

function lookupReturning(addresses: string[]): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (opts.all) cb(null, list);
    else cb(null, list[0]!.address, list[0]!.family);
  }) as LookupFunction;
}

function resolve(lookup: LookupFunction, all: boolean): Promise<{ err: Error | null; result: unknown }> {
  return new Promise((done) => {
    (lookup as (h: string, o: object, cb: (...a: unknown[]) => void) => void)('h.example', { all }, (err: unknown, address: unknown, family: unknown) =>
      done({ err: err as Error | null, result: all ? address : [address, family] }),
    );
  });
}

test('guardLookup: refused addresses are dropped; none left is a PrivateNetworkError', async () => {
  const mixed = guardLookup(lookupReturning(['10.0.0.5', '93.184.216.34']));
  assert.deepEqual((await resolve(mixed, true)).result, [{ address: '93.184.216.34', family: 4 }]);
  assert.deepEqual((await resolve(mixed, false)).result, ['93.184.216.34', 4]);

  const inward = guardLookup(lookupReturning(['169.254.169.254', 'fd00:ec2::254']));
  const { err } = await resolve(inward, false);
  assert.ok(err instanceof PrivateNetworkError);
  assert.equal(err.message, 'refused to connect to 169.254.169.254 (cloud metadata) for h.example');
});
