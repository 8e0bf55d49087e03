/**
 * Escaping for every format the site writes. Decision text comes from agencies' case systems and is
 * untrusted: it reaches HTML and XML only through the auto-escaping `html` and `xml` templates, JSON only
 * through `safeJson`, CSV only through `csvCell`. Nothing concatenates user text into markup.
 */

const TOKEN: unique symbol = Symbol('markup');

/** Markup produced by the `html` template: the one kind of value it does not escape again. */
export class SafeHtml {
  readonly #markup: string;
  constructor(markup: string, token: typeof TOKEN) {
    // Only this module holds the token, so no caller can declare arbitrary text safe.
    if (token !== TOKEN) throw new TypeError('SafeHtml is made by the html template only');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** Markup produced by the `xml` template (Atom, sitemaps). */
export class SafeXml {
  readonly #markup: string;
  constructor(markup: string, token: typeof TOKEN) {
    if (token !== TOKEN) throw new TypeError('SafeXml is made by the xml template only');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** What a template accepts: `false`, `null` and `undefined` render nothing, so conditionals read naturally. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];
export type XmlValue = SafeXml | string | number | false | null | undefined | readonly XmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters XML 1.0 forbids outright (C0 controls but tab and newlines, U+FFFE, U+FFFF, lone surrogates):
 * one of them in a case file would make the whole Atom feed unparseable, so they are dropped everywhere.
 */
export function stripForbidden(text: string): string {
  let out = '';
  // for…of walks code points, so a valid surrogate pair arrives whole and a lone surrogate alone.
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const control = c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
    if (control || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff)) continue;
    out += ch;
  }
  return out;
}

/** Safe in element content and in quoted attribute values, in HTML and XML alike. */
export function escapeText(text: string): string {
  return stripForbidden(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function renderHtmlValue(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(renderHtmlValue).join('');
  return escapeText(String(value));
}

function renderXmlValue(value: XmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeXml) return value.toString();
  if (Array.isArray(value)) return value.map(renderXmlValue).join('');
  return escapeText(String(value));
}

/** The auto-escaping HTML template: every interpolation is escaped unless it is itself `html` output. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderHtmlValue(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out, TOKEN);
}

/** The same for XML documents. */
export function xml(strings: TemplateStringsArray, ...values: readonly XmlValue[]): SafeXml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderXmlValue(value) + (strings[i + 1] ?? '');
  });
  return new SafeXml(out, TOKEN);
}

/**
 * JSON that stays inert wherever it lands: `<`, `>` and `&` become \u escapes (a `</script>` in a case file
 * cannot close a script element if someone embeds the file), as do U+2028/2029, which old JavaScript
 * parsers reject in strings. The result is still exactly the same JSON value.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Spreadsheet programs run a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text made of digits only (a USCC such as 911404010000000011, a case or ID number): Excel reads it as a number
 * and keeps 15 significant digits and no leading zero. ADR 0018: such a cell starts with a tab, which Excel keeps as
 * text and other CSV readers trim with the surrounding whitespace.
 */
export const DIGITS_ONLY = /^[0-9]+$/;

/**
 * One RFC 4180 field, guarded against formula injection by a leading apostrophe. A string of digits only starts
 * with a tab (ADR 0018), so a spreadsheet keeps it as text; a number stays a number.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = stripForbidden(String(value));
  if (FORMULA_START.test(text)) text = `'${text}`;
  else if (typeof value === 'string' && DIGITS_ONLY.test(text)) return `"\t${text}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV file: a UTF-8 BOM so Excel reads Chinese correctly, CRLF line ends as RFC 4180 says. */
export function csvFile(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
