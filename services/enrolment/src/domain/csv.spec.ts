import { CSV_BOM, csvCell, parseCsv, toCsv } from './csv';

describe('CSV for Excel', () => {
  it('starts with a BOM, separates with ; and ends lines with CRLF', () => {
    expect(toCsv(['Namn', 'Ort'], [['Åsa Öberg', 'Älvängen']])).toBe(`${CSV_BOM}Namn;Ort\r\nÅsa Öberg;Älvängen\r\n`);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+46701234567', "'+46701234567"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Storgatan 1; lgh 2', '"Storgatan 1; lgh 2"'],
    ['vanlig text', 'vanlig text'],
  ])('writes %j safely as %j', (value, expected) => expect(csvCell(value)).toBe(expected));

  it('reads ; and , files with quotes, BOM and both line ends, keeping row numbers', () => {
    expect(parseCsv(`${CSV_BOM}a;b\r\n"x;1";"say ""hi"""\r\n\r\nz;w`)).toEqual([['a', 'b'], ['x;1', 'say "hi"'], [], ['z', 'w']]);
    expect(parseCsv('a,b\nc,d\n')).toEqual([['a', 'b'], ['c', 'd']]);
  });
});
