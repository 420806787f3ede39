/** Minimal IPv4 CIDR arithmetic for planning (no dependencies, fully tested). */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not an IPv4 CIDR block such as 10.0.0.0/16.`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${text}" is not an IPv4 CIDR block: octets are 0–255 and the prefix 0–32.`);
  const base = (((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((base & mask) >>> 0 !== base) throw new Error(`"${text}" has host bits set: did you mean ${formatCidr({ base: (base & mask) >>> 0, prefix })}?`);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const b = c.base >>> 0;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The `index`-th block of prefix length `newPrefix` inside `parent`. */
export function subnetAt(parent: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) throw new Error(`Cannot split /${parent.prefix} into /${newPrefix} blocks.`);
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) throw new Error(`Block ${index} does not exist: /${parent.prefix} holds ${count} /${newPrefix} blocks.`);
  return { base: (parent.base + index * 2 ** (32 - newPrefix)) >>> 0, prefix: newPrefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + size(a) - 1;
  const bEnd = b.base + size(b) - 1;
  return a.base <= bEnd && b.base <= aEnd;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}
