import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../../shared/domain/dates.ts';
import { WITHDRAW_REASONS, type WithdrawReason } from '../../../shared/domain/decision.ts';
import type { PublicDecisionDocument } from '../../../shared/domain/projection.ts';
import type { Correction, SiteEvent } from '../../../shared/site/types.ts';
import { Bucket, linkedDecisionPages, publish, withdraw } from './site-fixtures.ts';

/** Text an agency's case system might send: anything, and the classics of markup and spreadsheet abuse. */
const textArb = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '&amp;',
    `"'`,
    '=cmd|/c calc',
    ']]>',
    '\u2028',
    '\u0000',
    '\n',
  ),
);

const MONTHS = ['2025-01-03T01:00:00Z', '2025-02-03T01:00:00Z', '2025-03-31T17:00:00Z'];

interface Seed {
  readonly noise: string;
  readonly kind: 'legal_person' | 'natural_person' | 'other_org';
  readonly monthIndex: number;
  readonly agencyIndex: number;
  readonly type: 'penalty' | 'license' | 'inspection';
}

const seedArb: fc.Arbitrary<Seed> = fc.record({
  noise: textArb,
  kind: fc.constantFrom('legal_person', 'natural_person', 'other_org'),
  monthIndex: fc.nat({ max: MONTHS.length - 1 }),
  agencyIndex: fc.nat({ max: 2 }),
  type: fc.constantFrom('penalty', 'license', 'inspection'),
});

type Command =
  | { readonly kind: 'publish' | 'correct'; readonly target: number }
  | {
      readonly kind: 'withdraw';
      readonly target: number;
      readonly reason: WithdrawReason;
      readonly why: string;
    };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('publish' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('correct' as const), target: fc.nat() }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    target: fc.nat(),
    reason: fc.constantFrom(...WITHDRAW_REASONS),
    why: textArb,
  }),
);

/** Strings that belong to one decision and one revision, and occur nowhere else by chance. */
const marks = {
  party: (i: number) => `相对人${i}号`,
  representative: (i: number) => `代表${i}号`,
  content: (i: number, rev: number) => `内容${i}-${rev}号`,
  result: (i: number, rev: number) => `结果${i}-${rev}号`,
  basis: (i: number, rev: number) => `依据${i}-${rev}号`,
};

function documentOf(i: number, seed: Seed, revision: number): PublicDecisionDocument {
  const agencies = [
    { id: 'sp-gxj', name: '四平市工业和信息化局' },
    { id: 'sp-scjg', name: `四平市市场监督管理局${seed.noise}` },
    { id: 'cz-zf', name: '长治市住房和城乡建设局' },
  ];
  const person = seed.kind === 'natural_person';
  return {
    id: `01K5PROP${String(i).padStart(18, '0')}`,
    agency: agencies[seed.agencyIndex] ?? { id: 'sp-gxj', name: '四平市工业和信息化局' },
    caseNumber: `案〔2025〕${i}号${seed.noise}`,
    actionType: seed.type,
    actionTypeLabel: { penalty: '行政处罚', license: '行政许可', inspection: '行政检查' }[seed.type],
    party: {
      kind: seed.kind,
      kindLabel: person ? '自然人' : '法人',
      name: `${seed.noise}${marks.party(i)}`,
      idType: person ? 'resident_id' : 'uscc',
      idTypeLabel: person ? '居民身份证' : '统一社会信用代码',
      idNumber: person ? '220302********5170' : `91220300MA0Y4K${i}`,
      ...(person ? {} : { legalRepresentative: marks.representative(i) }),
    },
    method: seed.noise,
    content: `${seed.noise}${marks.content(i, revision)}${seed.noise}`,
    legalBasis: marks.basis(i, revision),
    result: `${marks.result(i, revision)}${seed.noise}`,
    ...(seed.type === 'penalty'
      ? { penalty: { types: ['fine'], typeLabels: ['罚款'], fineYuan: 1000 * i } }
      : {}),
    decisionDate: '2025-01-02' as LocalDate,
    revision,
  };
}

type State =
  | { readonly status: 'unpublished' }
  | { readonly status: 'live'; readonly revision: number; readonly corrections: readonly Correction[] }
  | { readonly status: 'withdrawn'; readonly lastRevision: number };

describe('the site under any sequence of publications, corrections and withdrawals', () => {
  it('never shows what was withdrawn, never links to a missing page, and keeps a readable feed', () => {
    fc.assert(
      fc.property(
        fc.array(seedArb, { minLength: 1, maxLength: 6 }),
        fc.array(commandArb, { minLength: 1, maxLength: 24 }),
        (seeds, commands) => {
          const bucket = new Bucket();
          const states: State[] = seeds.map(() => ({ status: 'unpublished' }));
          const publishedAt = (i: number) =>
            new Date(Date.parse(MONTHS[seeds[i]?.monthIndex ?? 0] ?? '') + i * 60_000).toISOString();
          let clock = Date.parse('2025-05-01T00:00:00Z');

          const everyLinkResolves = (b: Bucket) => {
            for (const [key, body] of b.objects) {
              for (const page of linkedDecisionPages(body)) {
                expect(b.objects.has(page), `${key} links to missing ${page}`).toBe(true);
              }
            }
          };

          for (const command of commands) {
            const i = command.target % seeds.length;
            const seed = seeds[i] as Seed;
            const state = states[i] as State;
            clock += 3_600_000;
            let event: SiteEvent | undefined;
            if (command.kind === 'publish' && state.status === 'unpublished') {
              event = publish(documentOf(i, seed, 1), publishedAt(i));
              states[i] = { status: 'live', revision: 1, corrections: [] };
            } else if (command.kind === 'correct' && state.status === 'live') {
              const revision = state.revision + 1;
              const corrections = [...state.corrections, { revision, at: new Date(clock).toISOString() }];
              event = publish(documentOf(i, seed, revision), publishedAt(i), corrections);
              states[i] = { status: 'live', revision, corrections };
            } else if (command.kind === 'withdraw' && state.status === 'live') {
              const document = documentOf(i, seed, state.revision);
              event = withdraw(
                document,
                publishedAt(i),
                command.reason,
                new Date(clock).toISOString(),
                command.why,
              );
              states[i] = { status: 'withdrawn', lastRevision: state.revision };
            }
            if (!event) continue;

            // (b) after every single write, as a reader racing the publisher would see the bucket.
            bucket.apply(event, everyLinkResolves);
            const snapshot = bucket.snapshot();
            // Redelivered stream records change nothing.
            bucket.apply(event);
            expect(bucket.snapshot()).toEqual(snapshot);

            const bodies = [...bucket.objects];
            states.forEach((s, n) => {
              // (a) a withdrawn decision, notice or not, shows nothing of its party or content anywhere (R7, R8).
              const gone =
                s.status === 'withdrawn'
                  ? [marks.party(n), marks.representative(n), ...revisions(s.lastRevision, n)]
                  : s.status === 'live'
                    ? revisions(s.revision - 1, n)
                    : [];
              for (const [key, body] of bodies) {
                for (const text of gone) expect(body, `${key} still shows ${text}`).not.toContain(text);
              }
              if (s.status === 'live') {
                const page = bucket.objects.get(`decisions/${documentOf(n, seeds[n] as Seed, 1).id}.html`);
                expect(page).toContain(marks.content(n, s.revision));
              }
            });

            // (c) the feed parses and stays bounded.
            const feed = JSON.parse(bucket.get('feed.json'));
            expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
            expect(feed.items.length).toBeLessThanOrEqual(100);
            if (event.kind === 'withdraw')
              expect(bucket.get('atom.xml')).toContain(`ref="${feedRef(event.id)}"`);
          }
        },
      ),
    );
  });
});

function revisions(upTo: number, n: number): string[] {
  return Array.from({ length: upTo }, (_, k) => [
    marks.content(n, k + 1),
    marks.result(n, k + 1),
    marks.basis(n, k + 1),
  ]).flat();
}

function feedRef(id: string): string {
  return `https://gongshi.example/decisions/${id}.html`;
}
