/**
 * R8 (长治 §二 立即) in the domain: a correction of a published decision says what the public sees while it is
 * reviewed (show / withhold), its review is due the working day it was submitted, and the corrected page lists
 * the public fields that changed, compared on the masked projections. Dates come from the calendar itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlinesFor } from '../../../shared/app/deadlines.ts';
import { createDefaultCalendar } from '../../../shared/domain/calendar/sources.ts';
import { addDays, type LocalDate } from '../../../shared/domain/dates.ts';
import { correctionReviewDeadline } from '../../../shared/domain/deadlines.ts';
import {
  type Actor,
  correctionUnderWay,
  type Decision,
  type DecisionContent,
  rejectedWithheldCorrection,
} from '../../../shared/domain/decision.ts';
import { type DecisionEvent, decide } from '../../../shared/domain/lifecycle.ts';
import { projectPublic } from '../../../shared/domain/projection.ts';
import { DEFAULT_AGENCY_SETTINGS } from '../../../shared/domain/settings.ts';
import { appendLogEntry, EMPTY_LOG, logMarker } from '../../../shared/domain/transparency-log.ts';
import { changedPublicFields } from '../../../shared/site/model.ts';
import { companyPenaltyContent } from '../../fixtures/decisions.ts';
import { residentIdBornOn } from '../../fixtures/ids.ts';

const calendar = createDefaultCalendar();
const SETTINGS = DEFAULT_AGENCY_SETTINGS('siping-gxj');
const d = (s: string) => s as LocalDate;
const AGENCY = 'siping-gxj';
const submitter: Actor = { kind: 'user', userId: 'li.na', agencyId: AGENCY, roles: ['submitter'] };
const reviewer: Actor = { kind: 'user', userId: 'wang.fang', agencyId: AGENCY, roles: ['reviewer'] };
const second: Actor = { kind: 'user', userId: 'sun.li', agencyId: AGENCY, roles: ['reviewer'] };
const system: Actor = { kind: 'system', userId: 'system:publisher' };

describe('R8: the review of a correction of a published decision is due the day it is submitted', () => {
  it.each([
    ['a working Monday', '2025-09-29', '2025-09-29', false],
    ['a 调休 working Sunday before National Day 2025', '2025-09-28', '2025-09-28', false],
    ['National Day 2025 (a holiday): the next working day', '2025-10-03', '2025-10-09', false],
    ['the last day of the National Day run', '2025-10-08', '2025-10-09', false],
    ['the 调休 Saturday after National Day 2025', '2025-10-11', '2025-10-11', false],
    ['the 调休 Saturday before Spring Festival 2026', '2026-02-14', '2026-02-14', false],
    ['Spring Festival 2026 (a holiday)', '2026-02-18', '2026-02-24', false],
    ['New Year 2027, a year whose notice is not out yet', '2027-01-01', '2027-01-04', true],
  ])('%s: %s → %s', (_what, submitted, due, provisional) => {
    const deadline = correctionReviewDeadline(d(submitted), calendar);
    expect(deadline).toMatchObject({
      kind: 'correction_review',
      rule: 'R8',
      from: submitted,
      due,
      provisional,
    });
    expect(deadline.explanation).toContain(submitted);
    expect(deadline.basis).toContain('立即');
  });

  it('is never before the submission, and is the first working day from it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), (offset) => {
        const submitted = addDays(d('2025-01-01'), offset);
        const { due } = correctionReviewDeadline(submitted, calendar);
        expect(due >= submitted).toBe(true);
        expect(calendar.day(due).working).toBe(true);
        for (let day = submitted; day < due; day = addDays(day, 1)) {
          expect(calendar.day(day).working).toBe(false);
        }
      }),
    );
  });
});

let clock = Date.parse('2025-10-09T01:00:00Z');
function run(start: Decision | undefined, steps: readonly [DecisionEvent, Actor][]): Decision {
  let decision = start;
  for (const [event, actor] of steps) {
    clock += 60_000;
    decision = decide(decision, event, { actor, at: new Date(clock).toISOString(), calendar }).decision;
  }
  return decision as Decision;
}

const content = companyPenaltyContent() as DecisionContent;
function published(): Decision {
  return run(undefined, [
    [{ type: 'submit', id: 'dec-r8', content, basisDate: content.decisionDate }, submitter],
    [{ type: 'approve', comment: '同意公开', projectionHash: 'a'.repeat(64) }, reviewer],
    [{ type: 'publish' }, system],
  ]);
}
const corrected = { ...content, result: '罚款人民币叁万元' };

describe('R8: what the public sees while a correction is reviewed', () => {
  it('keeps the published revision by default (show), and the correction is due for review that day', () => {
    const decision = run(published(), [
      [{ type: 'correct', content: corrected, basisDate: d('2025-10-09') }, submitter],
    ]);
    expect(decision.status).toBe('published');
    expect(correctionUnderWay(decision)).toMatchObject({ revision: 2, meanwhile: 'show' });
    const deadlines = deadlinesFor(decision, SETTINGS, calendar);
    expect(deadlines.correctionReview?.due).toBe('2025-10-09');
    // R5 still runs from the change too; the stricter R8 deadline is the one indexed.
    expect(deadlines.publication).toBeDefined();
  });

  it('withholds it when the submitter says so; sent back, the published revision is restored', () => {
    const withheld = run(published(), [
      [{ type: 'correct', content: corrected, basisDate: d('2025-10-09'), meanwhile: 'withhold' }, submitter],
    ]);
    expect(correctionUnderWay(withheld)?.meanwhile).toBe('withhold');
    expect(rejectedWithheldCorrection(withheld)).toBeUndefined();
    const back = run(withheld, [[{ type: 'reject', comment: '依据不足' }, second]]);
    expect(back).toMatchObject({ status: 'published', publicRevision: 1 });
    expect(correctionUnderWay(back)).toBeUndefined();
    expect(rejectedWithheldCorrection(back)?.number).toBe(2);
    expect(deadlinesFor(back, SETTINGS, calendar).correctionReview).toBeUndefined();
  });

  it('refuses meanwhile on a decision that has no public page yet', () => {
    const pending = run(undefined, [
      [{ type: 'submit', id: 'dec-r8b', content, basisDate: content.decisionDate }, submitter],
    ]);
    expect(() =>
      run(pending, [
        [{ type: 'correct', content, basisDate: content.decisionDate, meanwhile: 'show' }, submitter],
      ]),
    ).toThrow(expect.objectContaining({ code: 'meanwhile_not_applicable' }));
  });

  it('has no correction under way before the first publication', () => {
    const pending = run(undefined, [
      [{ type: 'submit', id: 'dec-r8c', content, basisDate: content.decisionDate }, submitter],
      [{ type: 'correct', content: corrected, basisDate: content.decisionDate }, submitter],
    ]);
    expect(correctionUnderWay(pending)).toBeUndefined();
    expect(deadlinesFor(pending, SETTINGS, calendar).correctionReview).toBeUndefined();
  });
});

describe('R8: what changed, field by field, without un-masking', () => {
  const project = (c: DecisionContent, revision = 1) => {
    const projection = projectPublic({
      id: 'dec-1',
      agency: { id: AGENCY, name: '四平市工信局' },
      revision,
      content: c,
    });
    if (!projection.publishable) throw new Error('not publishable');
    return projection.document;
  };

  it('names the changed fields by their labels on the page, in page order, and not the revision number', () => {
    const before = project(content);
    const after = project(
      { ...content, result: '罚款人民币叁万元', penalty: { types: ['fine'], fineYuan: 30000 } },
      2,
    );
    expect(changedPublicFields(before, after)).toEqual(['执法决定（结果）', '罚款金额']);
    expect(changedPublicFields(before, project(content, 2))).toEqual([]);
  });

  it('compares what the public saw: a change hidden inside a mask is no change', () => {
    const person = {
      ...content,
      party: {
        kind: 'natural_person',
        name: '欧阳明华',
        idType: 'resident_id',
        idNumber: residentIdBornOn('1985-03-12'),
      },
      content: '欧阳明华（电话13812345678）于2025年8月无证经营。',
    } as DecisionContent;
    const project2 = (c: DecisionContent) => project(c, 2);
    // Another resident ID and another phone: masked on the page, so the page may show no difference at all,
    // and whatever it lists, it never names what the mask hid.
    const other = project2({
      ...person,
      party: { ...person.party, idNumber: residentIdBornOn('1985-03-12', '220302', '456') },
      content: '欧阳明华（电话13912345678）于2025年8月无证经营。',
    });
    const fields = changedPublicFields(project(person), other);
    for (const hidden of ['13812345678', '13912345678', String(person.party.idNumber), '欧阳明华']) {
      expect(JSON.stringify(fields)).not.toContain(hidden);
    }
    expect(fields.every((f) => ['证件号码', '执法内容'].includes(f))).toBe(true);
  });
});

describe('R8: the transparency log marks a withheld correction and its restoration once each', () => {
  const base = {
    time: '2025-10-09T01:00:00.000Z',
    decisionId: 'dec-1',
    document: 'decisions/dec-1.json',
    sha256: 'b'.repeat(64),
  };

  it('accepts withhold (reason correcting) and restore, each naming the correction', () => {
    const withhold = appendLogEntry(EMPTY_LOG, {
      ...base,
      action: 'withhold',
      reason: 'correcting',
      correction: 2,
    });
    expect(logMarker(withhold)).toBe('WITHHOLD#2');
    const restore = appendLogEntry(EMPTY_LOG, { ...base, action: 'restore', revision: 1, correction: 2 });
    expect(logMarker(restore)).toBe('RESTORE#2');
    // Distinct from a later real withdrawal, whose marker it must never take.
    expect(logMarker({ action: 'withdraw' })).toBe('WITHDRAW');
  });

  it('refuses a withhold without the correction or the reason, and a correction on other actions', () => {
    expect(() => appendLogEntry(EMPTY_LOG, { ...base, action: 'withhold', reason: 'correcting' })).toThrow(
      /correction/,
    );
    expect(() =>
      appendLogEntry(EMPTY_LOG, { ...base, action: 'withhold', reason: 'revoked', correction: 2 }),
    ).toThrow(/correcting/);
    expect(() =>
      appendLogEntry(EMPTY_LOG, { ...base, action: 'publish', revision: 1, correction: 2 }),
    ).toThrow(/correction/);
  });
});
