import { csvCell, csvDownloadLink, toCsv } from './csv';

describe('CSV that opens safely in a spreadsheet', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['-500.00', '-500.00'],
    ['12.5', '12.5'],
    ['a,b', '"a,b"'],
    [null, ''],
  ])('%j is written as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes a header and one line per row', () => {
    expect(toCsv([{ a: 1, b: 'x' }, { a: null, b: '=1' }], ['a', 'b'])).toBe("a,b\n1,x\n,'=1\n");
  });

  it('carries the file in a data: URL, escaped for the attribute', () => {
    const link = csvDownloadLink('bva <1>.csv', 'Download', 'a,b\n"<x>",1\n', 'csv-x');
    expect(link).toBe('<p class="download"><a data-testid="csv-x" download="bva &lt;1&gt;.csv" href="data:text/csv;charset=utf-8,a%2Cb%0A%22%3Cx%3E%22%2C1%0A">Download</a></p>');
  });
});
