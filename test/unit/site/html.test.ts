import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvFile,
  html,
  SafeHtml,
  safeJson,
  stripForbidden,
  xml,
} from '../../../shared/site/html.ts';

/** A small RFC 4180 reader, to check that what we write reads back as the same cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('the html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const evil = `<script>alert("x")</script> & 'q'`;
    const out = html`<p title="${evil}">${evil}</p>`.toString();
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>',
    );
  });

  it('keeps its own output as markup, joins arrays and renders nothing for false, null and undefined', () => {
    const items = ['a<b', 'c&d'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${false}${null}${undefined}${0}`.toString()).toBe(
      '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>0',
    );
  });

  it('cannot be talked into trusting text from anywhere else', () => {
    const Forged = SafeHtml as unknown as new (markup: string, token: symbol) => SafeHtml;
    expect(() => new Forged('<script>', Symbol('markup'))).toThrow(TypeError);
    const lookalike = { toString: () => '<script>' } as unknown as string;
    expect(html`${lookalike}`.toString()).toBe('&lt;script&gt;');
  });

  it('never lets a markup character of any string through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(html`${s}`.toString()).not.toMatch(/[<>"']/);
        expect(xml`${s}`.toString()).not.toMatch(/[<>"']/);
      }),
    );
  });
});

describe('xml escaping', () => {
  it('drops the characters XML 1.0 forbids, which would make a feed unparseable', () => {
    expect(xml`<t>${'a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\tg\nh'}</t>`.toString()).toBe(
      '<t>abcdef\tg\nh</t>',
    );
    expect(stripForbidden('😀 四平')).toBe('😀 四平');
  });

  it('keeps no forbidden character in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters under test.
        expect(xml`${s}`.toString()).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      }),
    );
  });
});

describe('safeJson', () => {
  it('escapes <, > and & so a </script> in a case file stays inert, and parses back to the same value', () => {
    const value = { content: '</script><script>alert(1)</script> & \u2028' };
    const text = safeJson(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(safeJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('csv', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('普通文本')).toBe('普通文本');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(50000)).toBe('50000');
  });

  it('disarms cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('keeps codes of digits only as text for Excel with a leading tab; numbers stay numbers (ADR 0018)', () => {
    expect(csvCell('911404010000000011')).toBe('"\t911404010000000011"');
    expect(csvCell('0012')).toBe('"\t0012"');
    expect(csvCell('91140401MA0000001X')).toBe('91140401MA0000001X');
    expect(csvCell('110101********1234')).toBe('110101********1234');
    expect(csvCell(123456)).toBe('123456');
    expect(csvCell(50000)).toBe('50000');
    const [, row] = readCsv(csvFile(['代码'], [['911404010000000011']]).slice(1));
    // A reader that trims whitespace (most do) gets the code back whole.
    expect(row?.[0]?.trim()).toBe('911404010000000011');
  });

  it('writes a BOM for Excel, CRLF line ends, and reads back cell for cell', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }),
        (rows) => {
          const file = csvFile(['列一', '列二'], rows);
          expect(file.startsWith('\uFEFF列一,列二\r\n')).toBe(true);
          const read = readCsv(file.slice(1));
          const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : /^[0-9]+$/.test(s) ? `\t${s}` : s);
          expect(read).toEqual([['列一', '列二'], ...rows.map((r) => r.map(guard))]);
        },
      ),
    );
  });
});
