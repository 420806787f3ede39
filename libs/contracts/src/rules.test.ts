import {
  BOOLEAN_TRUE,
  BOOLEAN_VALUES,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  decimalScalePattern,
  FILE_MESSAGES,
  fillMessage,
  ID_PATTERN,
  INTEGER_PATTERN,
  MAX_MARKER_LENGTH,
  NULL_MARKERS,
  TIMESTAMP_PATTERN,
} from './rules';
import { RowReasonCodes } from './reason-codes';

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const PATTERNS = { ID_PATTERN, INTEGER_PATTERN, DECIMAL_PATTERN, DATE_PATTERN, TIMESTAMP_PATTERN, scale2: decimalScalePattern(2) };

describe('check constants', () => {
  it('null markers are upper-case, trimmed, distinct, and the longest sets MAX_MARKER_LENGTH', () => {
    for (const m of NULL_MARKERS) expect(m).toBe(m.trim().toUpperCase());
    expect(new Set(NULL_MARKERS).size).toBe(NULL_MARKERS.length);
    expect(NULL_MARKERS.map((m) => m.length).sort().pop()).toBe(MAX_MARKER_LENGTH);
    expect(RowReasonCodes.REQUIRED_MISSING).toContain(NULL_MARKERS.filter(Boolean).join(', '));
  });

  // RE2 (DuckDB), PostgreSQL, JavaScript and Python read these alike only without such constructs.
  it.each(Object.entries(PATTERNS))('%s uses only the portable regular-expression subset', (_name, pattern) => {
    expect(pattern).not.toMatch(/\\[dDsSwWbB]|\(\?|[$^]/);
    expect(() => whole(pattern)).not.toThrow();
  });

  it.each([
    [ID_PATTERN, ['P-1', 'a.b_c:d'], ['P 1', '=SUM(A1)', '']],
    [INTEGER_PATTERN, ['3', '+3', '-12'], ['3.0', '1e3', '1,000', '']],
    [DECIMAL_PATTERN, ['12.5', '.5', '5.', '-0.25'], ['$12', '1,000.00', 'NaN', '(5)', '1e3']],
    [decimalScalePattern(2), ['12.34', '12.3400', '12'], ['12.345']],
    [DATE_PATTERN, ['2024-02-30'], ['2024-2-3', '31/01/2024']],
    [TIMESTAMP_PATTERN, ['2024-01-31', '2024-01-31 10:00', '2024-01-31T10:00:00.123456789Z', '2024-01-31T10:00+0130', '2024-01-31T10:00-01'], ['2024-01-31T10', '2024-01-31T10:00:00.1234567890']],
  ])('%s accepts %j and refuses %j', (pattern, good, bad) => {
    for (const v of good) expect([v, whole(pattern).test(v)]).toEqual([v, true]);
    for (const v of bad) expect([v, whole(pattern).test(v)]).toEqual([v, false]);
  });

  it('true booleans are booleans', () => {
    for (const b of BOOLEAN_TRUE) expect(BOOLEAN_VALUES).toContain(b);
  });

  it('fills message placeholders and leaves unknown ones', () => {
    expect(fillMessage(FILE_MESSAGES.HEADER_DUPLICATE_COLUMN, { columns: '"a", "b"' })).toBe('Column(s) "a", "b" appear more than once in the header.');
    expect(fillMessage('{x} and {y}', { x: '1' })).toBe('1 and {y}');
  });
});
