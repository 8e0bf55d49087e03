/**
 * R4, defence in depth (ADR 0012): the last look before the public side. The projection masks every certain
 * finding; this gate reads the skeleton of every object the publisher is about to write (HTML, JSON, CSV,
 * NDJSON, feeds, sitemaps) and refuses the whole change when a resident ID, a mobile or landline number, a bank
 * card or an e-mail address survives in any of them. It names the object and the kind, never the value.
 */
import { type CertainKind, findCertain } from '../domain/personal-data.ts';
import { keysToRead, planSiteChange } from '../site/plan.ts';
import type { SiteConfig, SiteEvent } from '../site/types.ts';

/** What the gate looks for: the certain kinds a reader can act on. Long digit runs alone prove nothing here. */
export const GATED_KINDS: readonly CertainKind[] = [
  'resident_id',
  'mobile',
  'landline',
  'bank_card',
  'email',
];

export interface GateFinding {
  readonly key: string;
  readonly kind: CertainKind;
}

export class PersonalDataBlockedError extends Error {
  readonly code = 'personal_data_blocked';
  constructor(readonly findings: readonly GateFinding[]) {
    super(
      `the publish gate found personal data in ${findings.length} place(s): ${[
        ...new Set(findings.map((f) => `${f.kind} in ${f.key}`)),
      ].join(', ')}`,
    );
    this.name = 'PersonalDataBlockedError';
  }
}

/**
 * JSON's \\uXXXX escapes (control characters, lone surrogates) and HTML's numeric character references are
 * read as one character that is no digit: their hex digits are notation, not digits somebody wrote, and next to a
 * written number they would read as part of it. The site writes digits only as digits (the renderers never
 * escape them), so nothing written can hide behind this.
 */
const ESCAPES = /\\u[0-9A-Fa-f]{4}|&#(?:[0-9]{1,7}|[xX][0-9A-Fa-f]{1,6});/g;

function readable(body: string): string {
  return body.includes('\\u') || body.includes('&#') ? body.replace(ESCAPES, '\u0000') : body;
}

/** Every certain finding in these objects' text, as object key and kind. Binary bodies are not text. */
export function gateFindings(
  objects: readonly { readonly key: string; readonly body: string | Uint8Array }[],
): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const object of objects) {
    if (typeof object.body !== 'string') continue;
    for (const finding of findCertain(readable(object.body), { mode: 'site', kinds: GATED_KINDS })) {
      findings.push({ key: object.key, kind: finding.kind });
    }
  }
  return findings;
}

/** Throws PersonalDataBlockedError when any object holds a certain finding; writes nothing itself. */
export function assertNothingPersonal(
  objects: readonly { readonly key: string; readonly body: string | Uint8Array }[],
): void {
  const findings = gateFindings(objects);
  if (findings.length > 0) throw new PersonalDataBlockedError(findings);
}

/**
 * The objects an event would write on a site that holds nothing else yet: what the gate reads before the
 * publisher writes anything (the listing parts as they stand are read again, just before the writes).
 */
export function objectsOnEmptySite(event: SiteEvent, config: SiteConfig): { key: string; body: string }[] {
  const current = new Map<string, string | undefined>();
  for (let round = 0; round < 5; round++) {
    const missing = keysToRead(event, current).filter((key) => !current.has(key));
    if (missing.length === 0) break;
    for (const key of missing) current.set(key, undefined);
  }
  return planSiteChange(event, current, config).flatMap((operation) =>
    operation.op === 'put' ? [operation.object] : [],
  );
}
