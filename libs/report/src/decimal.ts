/**
 * Exact decimal arithmetic on the warehouse's decimal text. Totals and ratios in the report are
 * worked out like the marts do (sums, then one division rounded half away from zero), never in
 * floating point, so a KPI always equals the sum of the mart column to the cent.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/** A decimal as an integer of units of 10^-scale, rounded half away from zero when it has more places. */
export function toUnits(value: string | number, scale: number): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`Not a plain decimal number: "${text}"`);
  const [, sign, int, frac = ''] = match;
  const kept = BigInt(`${int}${frac.slice(0, scale).padEnd(scale, '0')}`);
  const roundsUp = frac.length > scale && frac[scale]! >= '5';
  const units = roundsUp ? kept + 1n : kept;
  return sign === '-' ? -units : units;
}

export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export function roundDecimal(value: string | number, scale: number): string {
  return fromUnits(toUnits(value, scale), scale);
}

export function sumDecimals(values: readonly (string | number | null)[], scale: number): string {
  return fromUnits(values.reduce<bigint>((total, v) => (v === null ? total : total + toUnits(v, scale)), 0n), scale);
}

/** Sum of integer counts (the engines may return them as numbers or numeric text). */
export const sumIntegers = (values: readonly (number | string)[]) => values.reduce<number>((a, b) => a + Number(b), 0);

export function subtractDecimals(a: string, b: string, scale: number): string {
  return fromUnits(toUnits(a, scale) - toUnits(b, scale), scale);
}

/**
 * numerator × factor ÷ denominator, rounded half away from zero to `scale` places; null when the
 * denominator is zero (as the marts' safe_divide). Both operands are read at `operandScale`.
 */
export function divideDecimals(numerator: string, denominator: string, scale: number, factor = 1, operandScale = 4): string | null {
  const d = toUnits(denominator, operandScale);
  if (d === 0n) return null;
  const n = toUnits(numerator, operandScale) * BigInt(factor) * 10n ** BigInt(scale);
  const negative = n < 0n !== d < 0n;
  const [absN, absD] = [n < 0n ? -n : n, d < 0n ? -d : d];
  let quotient = absN / absD;
  if ((absN % absD) * 2n >= absD) quotient += 1n;
  return fromUnits(negative ? -quotient : quotient, scale);
}

export const isNegative = (value: string) => value.trim().startsWith('-') && toUnits(value, 8) !== 0n;
