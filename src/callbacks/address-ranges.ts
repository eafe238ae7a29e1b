import net from "node:net";

/**
 * The addresses a callback may never reach unless an operator names them: everything that is not
 * the public Internet. Each range carries the words a developer reads in the refusal.
 */
const v4Ranges: [string, number, string][] = [
  ["0.0.0.0", 8, "an unspecified address"],
  ["10.0.0.0", 8, "a private address (RFC 1918)"],
  ["100.64.0.0", 10, "a carrier-grade NAT address (RFC 6598)"],
  ["127.0.0.0", 8, "a loopback address"],
  ["169.254.0.0", 16, "a link-local address (cloud metadata lives there)"],
  ["172.16.0.0", 12, "a private address (RFC 1918)"],
  ["192.0.0.0", 24, "an IETF protocol address (RFC 6890)"],
  ["192.0.2.0", 24, "a documentation address (RFC 5737)"],
  ["192.88.99.0", 24, "a 6to4 relay address (RFC 7526)"],
  ["192.168.0.0", 16, "a private address (RFC 1918)"],
  ["198.18.0.0", 15, "a benchmarking address (RFC 2544)"],
  ["198.51.100.0", 24, "a documentation address (RFC 5737)"],
  ["203.0.113.0", 24, "a documentation address (RFC 5737)"],
  ["224.0.0.0", 4, "a multicast address"],
  ["240.0.0.0", 4, "a reserved or broadcast address"],
];

const v6Ranges: [string, number, string][] = [
  ["::", 128, "an unspecified address"],
  ["::1", 128, "a loopback address"],
  ["64:ff9b:1::", 48, "a local-use NAT64 address (RFC 8215)"],
  ["100::", 64, "a discard-only address (RFC 6666)"],
  ["2001::", 32, "a Teredo address, which hides the IPv4 address it reaches"],
  ["2001:2::", 48, "a benchmarking address (RFC 5180)"],
  ["2001:10::", 28, "an ORCHID address (RFC 4843)"],
  ["2001:db8::", 32, "a documentation address (RFC 3849)"],
  ["fc00::", 7, "a unique local address (RFC 4193)"],
  ["fe80::", 10, "a link-local address"],
  ["fec0::", 10, "a site-local address"],
  ["ff00::", 8, "a multicast address"],
];

function rangeList(ranges: [string, number, string][], family: "ipv4" | "ipv6") {
  return ranges.map(([address, prefix, words]) => {
    const list = new net.BlockList();
    list.addSubnet(address, prefix, family);
    return { list, words };
  });
}

const v4 = rangeList(v4Ranges, "ipv4");
const v6 = rangeList(v6Ranges, "ipv6");

/**
 * Why an address is not on the public Internet, or undefined when it is. IPv6 forms that carry an
 * IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the address they carry, so
 * `[::ffff:127.0.0.1]` or `[64:ff9b::a9fe:a9fe]` are what they reach.
 */
export function privateAddressReason(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 4) return v4.find((r) => r.list.check(address, "ipv4"))?.words;
  if (family !== 6) return "not an IP address";
  const carried = carriedIpv4(address);
  if (carried !== undefined) {
    const reason = privateAddressReason(carried);
    return reason && `${reason}, written as IPv6`;
  }
  return v6.find((r) => r.list.check(address, "ipv6"))?.words;
}

/** The IPv4 address an IPv6 address stands for, when it is one of the forms that embed one. */
export function carriedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (!words) return undefined;
  const dotted = (high: number, low: number) =>
    [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; :: and ::1 are not among them).
  if (zeros(0, 5) && words[5] === 0xffff) return dotted(words[6] ?? 0, words[7] ?? 0);
  if (zeros(0, 6) && ((words[6] ?? 0) !== 0 || (words[7] ?? 0) > 1)) {
    return dotted(words[6] ?? 0, words[7] ?? 0);
  }
  // 64:ff9b::/96, the well-known NAT64 prefix (RFC 6052).
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) {
    return dotted(words[6] ?? 0, words[7] ?? 0);
  }
  // 2002::/16, 6to4 (RFC 3056): the IPv4 address follows the prefix.
  if (words[0] === 0x2002) return dotted(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

/** An IPv6 address as its eight 16-bit words, or undefined when it is not one. */
function ipv6Words(address: string): number[] | undefined {
  if (net.isIP(address) !== 6) return undefined;
  let text = address.replace(/%.*$/, "");
  // A trailing dotted quad is two words.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const part = (s: string) => (s === "" ? [] : s.split(":").map((w) => Number.parseInt(w, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<number>(fill).fill(0), ...right];
}
