import { divideDecimals, roundDecimal, sumDecimals, toUnits } from './decimal';
import { formatCount, formatMoney, formatMonth, formatPercent, formatRoas, formatTimestamp, groupThousands } from './format';

describe('exact decimals', () => {
  it.each([
    ['1.005', 2, '1.01'], // half away from zero, exactly (1.005 is 1.00499999... as a float)
    ['-1.005', 2, '-1.01'],
    ['2.675', 2, '2.68'],
    ['0.5941', 1, '0.6'],
    ['12', 2, '12.00'],
    ['-0.004', 2, '0.00'],
  ])('roundDecimal(%s, %i) = %s', (value, scale, expected) => {
    expect(roundDecimal(value, scale)).toBe(expected);
  });

  it('sums money to the cent, whatever floating point would say', () => {
    expect(sumDecimals(['0.10', '0.20', '0.30'], 2)).toBe('0.60');
    expect(sumDecimals(['160.00', '133.97', '115.00', '5.00', '50.00'], 2)).toBe('463.97');
    expect(sumDecimals([null, '1.5', 2], 2)).toBe('3.50');
  });

  it.each([
    ['166.13', '353.97', 1, 100, '46.9'],
    ['-5.60', '5.00', 1, 100, '-112.0'],
    ['463.97', '395.75', 4, 1, '1.1724'],
    ['225.50', '450', 4, 1, '0.5011'],
    ['1', '0', 4, 1, null],
  ])('divideDecimals(%s, %s, %i, ×%i) = %s', (n, d, scale, factor, expected) => {
    expect(divideDecimals(n, d, scale, factor)).toBe(expected);
  });

  it('refuses text that is not a plain decimal', () => {
    expect(() => toUnits('1e3', 2)).toThrow('Not a plain decimal number');
    expect(() => toUnits('$5', 2)).toThrow('Not a plain decimal number');
  });
});

describe('formatting for people', () => {
  it.each([
    ['463.97', '$463.97'],
    ['1234567.891', '$1,234,567.89'],
    ['-5.60', '-$5.60'],
    ['-0.001', '$0.00'],
    ['0.8000', '$0.80'],
  ])('formatMoney(%s) = %s', (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });

  it('formats other currencies with their code or symbol, and NULL as a dash', () => {
    expect(formatMoney('1000', 'CHF')).toBe('CHF 1,000.00');
    expect(formatMoney('1000', 'EUR')).toBe('€1,000.00');
    expect(formatMoney(null)).toBe('–');
  });

  it('percentages get one decimal, ROAS two, counts separators', () => {
    expect(formatPercent('46.9')).toBe('46.9%');
    expect(formatPercent('-112')).toBe('-112.0%');
    expect(formatPercent('1234.56')).toBe('1,234.6%');
    expect(formatPercent(null)).toBe('–');
    expect(formatRoas('1.1724')).toBe('1.17×');
    expect(formatRoas(null)).toBe('–');
    expect(formatCount(23451)).toBe('23,451');
    expect(groupThousands('-1234567.5')).toBe('-1,234,567.5');
  });

  it('reads months and timestamps from the text, so no time zone can shift them', () => {
    expect(formatMonth('2024-01-01')).toBe('Jan 2024');
    expect(formatMonth('2024-12-01')).toBe('Dec 2024');
    expect(formatTimestamp('2025-06-30 23:59:59.123')).toBe('2025-06-30 23:59 UTC');
  });
});
