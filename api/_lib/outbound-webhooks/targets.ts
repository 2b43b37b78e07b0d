// Where webhooks may go (SSRF). In production an endpoint must reach a public address: hosts that are, or resolve
// to, private, loopback, link-local, unique-local, shared (CGNAT), unspecified, multicast or reserved addresses
// (IPv4 and IPv6, including IPv4 inside IPv6: mapped, compatible, NAT64, 6to4) are refused, where the endpoint is
// saved and again at every attempt. At an attempt the host is resolved once, every address checked, and the
// connection made to a checked address, so a DNS answer that changes between the check and the connection
// (rebinding) cannot reach inside. Redirects are never followed. WEBHOOKS_ALLOW_PRIVATE_TARGETS=true lifts the
// rule (tests and local development, where receivers listen on 127.0.0.1).
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const v4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT; Alibaba's metadata at 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata at 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  v4.addSubnet(net, prefix, 'ipv4');

const v6 = new BlockList();
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local (AWS's IPv6 metadata at fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  v6.addSubnet(net, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (which isIP has accepted), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address;
  const bytes: number[] = [];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tailBytes: number[] = [];
  if (tail) {
    tailBytes = tail[1]!.split('.').map(Number);
    text = text.slice(0, -tail[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const zeros = rest === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<number>(zeros).fill(0), ...right];
  if (all.length !== 8 || all.some((g) => Number.isNaN(g))) return null;
  for (const g of all) bytes.push(g >> 8, g & 0xff);
  if (tail) bytes.splice(12, 4, ...tailBytes);
  return bytes;
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(bytes: number[]): string | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join('.');
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return quad(12); // ::ffff:a.b.c.d
  if (zero(0, 12) && !zero(12, 16)) return quad(12); // ::a.b.c.d (compatible, deprecated)
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) return quad(12); // 64:ff9b::/96
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2); // 2002::/16 (6to4)
  return null;
}

const NOT_PUBLIC = 'a private, loopback, link-local or reserved address';

/** Why an IP address may not receive webhooks in production (`it is …`), or null when it may. */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return v4.check(address, 'ipv4') ? NOT_PUBLIC : null;
  if (family === 6) {
    const bare = address.split('%')[0]!;
    const bytes = ipv6Bytes(bare);
    if (!bytes) return 'not a valid address';
    if (v6.check(bare, 'ipv6')) return NOT_PUBLIC;
    const inner = embeddedIpv4(bytes);
    return inner && v4.check(inner, 'ipv4') ? `${inner} in IPv6 form, ${NOT_PUBLIC}` : null;
  }
  return 'not an IP address';
}

/** The host of a URL as DNS and sockets take it (an IPv6 literal without its brackets). */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export class TargetRefused extends Error {}

/**
 * The addresses a webhook URL's host may be reached at. With `allowPrivate` false, throws TargetRefused when the
 * host is, or resolves to, any address that is not public (one bad address refuses the host: the connection
 * could pick it), or cannot be resolved.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<LookupAddress[]> {
  const host = hostOf(url);
  const literal = isIP(host);
  if (literal) {
    const reason = allowPrivate ? null : blockedAddressReason(host);
    if (reason) throw new TargetRefused(`Webhooks cannot be sent to ${host}: it is ${reason}`);
    return [{ address: host, family: literal }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TargetRefused(`The host ${host} cannot be resolved${code ? ` (${code})` : ''}`);
  }
  if (addresses.length === 0) throw new TargetRefused(`The host ${host} cannot be resolved`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason) throw new TargetRefused(`Webhooks cannot be sent to ${host}: it resolves to ${address}, ${reason}`);
    }
  }
  return addresses;
}
