/**
 * Every deadline the platform keeps, each as a value that carries its own explanation: the legal basis, the
 * day counting starts from, the days it skipped and the 调休 days it counted, in one Chinese paragraph that
 * submitters, reviewers and supervisors can read without knowing the calendar rules.
 */
import type { WorkCalendar } from './calendar/work-calendar.ts';
import { addWorkingDays, workingDaysBetween } from './calendar/work-calendar.ts';
import type { LocalDate } from './dates.ts';
import { addDays, addYears, dayOfWeek, isLocalDate, shanghaiDate, WEEKDAY_ZH, yearOf } from './dates.ts';
import type { DecisionContent, LegalEventReason, PartyKind, WithdrawReason } from './decision.ts';
import { isLegalEventReason, isPersonParty, PARTY_KIND_LABELS } from './decision.ts';
import { ValidationError } from './errors.ts';
import type { AgencySettings } from './settings.ts';
import {
  DEFAULT_CORRECTION_ANSWER_WORKING_DAYS,
  MAX_CORRECTION_ANSWER_WORKING_DAYS,
  publishWorkingDays,
  randomInspectionWorkingDays,
  STATUTORY_PUBLISH_WORKING_DAYS,
  STATUTORY_RANDOM_INSPECTION_WORKING_DAYS,
} from './settings.ts';

export type DeadlineKind =
  | 'publication'
  | 'random_inspection_publication'
  | 'revocation_takedown'
  | 'withdrawal_confirmation'
  | 'expiry_withdrawal'
  | 'correction_answer'
  | 'catalog_update'
  | 'exemption_review'
  | 'correction_review';

export type DeadlineRule = 'R3' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10';

export interface SkippedDay {
  readonly date: LocalDate;
  readonly kind: 'weekend' | 'holiday';
  readonly name?: string;
  readonly provisional: boolean;
}

export interface AdjustedWorkday {
  readonly date: LocalDate;
  readonly name: string;
}

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly rule: DeadlineRule;
  /** The legal text the deadline comes from, quoted in Chinese. */
  readonly basis: string;
  /** The day the period runs from; it is itself never counted. */
  readonly from: LocalDate;
  /**
   * For a period of working days, the last day on which the act is on time. For the expiry of a publication,
   * the first day on which the record may come down (the day after the period's last day).
   */
  readonly due: LocalDate;
  /** The last day of the period: `due` for working days, the day before `due` at expiry. */
  readonly periodEnd: LocalDate;
  readonly unit: 'working_days' | 'years';
  readonly amount: number;
  /** The period the law itself sets, when it sets one (an agency may choose a shorter `amount`). */
  readonly statutoryAmount?: number;
  /** Some day of the period lies in a year whose 放假安排 is not published yet: `due` may still move. */
  readonly provisional: boolean;
  readonly skipped: readonly SkippedDay[];
  readonly adjustedWorkdays: readonly AdjustedWorkday[];
  readonly explanation: string;
}

const CIVIL_CODE_START =
  '《中华人民共和国民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算';

export const BASIS = {
  publication: `《四平市工业和信息化局行政执法公示制度》四（六）：各类行政执法决定（结果）应当自该信息形成或者变更之日起7个工作日内予以公开；${CIVIL_CODE_START}`,
  randomInspection: `《四平市工业和信息化局行政执法公示制度》四（六）：对抽查结果正常的市场主体，自抽查结束之日起20个工作日内向社会公示；${CIVIL_CODE_START}`,
  revocation:
    '《四平市工业和信息化局行政执法公示制度》四（六）、《长治市工信局执法决定信息公开发布撤销更新制度》二：已经公开的原行政执法决定（结果）被依法撤销、确认违法或者要求重新作出的，应当及时撤下并作出必要的说明；《中华人民共和国行政处罚法》第四十八条第二款：公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回行政处罚决定信息并公开说明理由；第八十五条：本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日',
  expiry:
    '《四平市工业和信息化局行政执法公示制度》四（六）、《长治市工信局执法决定信息公开发布撤销更新制度》二：行政执法决定（结果）信息公开满5年的，可以从公示载体上撤下；行政相对人是自然人的，公开满2年的，可以从公示载体上撤下；《中华人民共和国民法典》第二百零一条、第二百零二条：开始的当日不计入；按照年计算期间的，到期月的对应日为期间的最后一日，没有对应日的，月末日为期间的最后一日',
  correctionAnswer: `《四平市工业和信息化局行政执法公示制度》四（七）：公民、法人或者其他组织有证据证明公示的行政执法信息不准确的，有权要求实施公开的行政执法部门予以更正；行政执法部门应当及时作出处理；${CIVIL_CODE_START}`,
  exemptionReview:
    '《四平市工业和信息化局行政执法公示制度》四（三）：有下列情形之一的行政执法决定（结果）信息，不予公开：……4.可能妨害正常执法活动的执法信息；复查日期由本机关在决定不予公开时确定',
  catalogUpdate: `《四平市工业和信息化局行政执法公示制度》四（五）、《长治市工信局执法决定信息公开发布撤销更新制度》二：引起行政执法公示内容发生变化的，应当自有关法律、法规、规章和规范性文件生效、废止或者部门机构职能调整之日起20个工作日内更新相关公示内容；${CIVIL_CODE_START}`,
} as const;

// R7: 行政处罚法 art. 48 "三日内", read as working days by art. 85.
export const REVOCATION_TAKEDOWN_WORKING_DAYS = 3;
// R8: a withdrawal made by one person is confirmed by a reviewer of the agency within 1 working day.
export const WITHDRAWAL_CONFIRMATION_WORKING_DAYS = 1;
// R10: 四平 §四(五), 长治 §二 "20个工作日内".
export const CATALOG_UPDATE_WORKING_DAYS = 20;
// R6: 四平 §四(六), 长治 §二 "公开满5年" / "公开满2年".
export const EXPIRY_YEARS = 5;
export const EXPIRY_YEARS_NATURAL_PERSON = 2;

function weekdayOf(date: LocalDate): string {
  return WEEKDAY_ZH[dayOfWeek(date)] ?? '';
}

/** Consecutive days off become one run: `2025-10-01至2025-10-08（国庆节、中秋节）`. */
function describeSkipped(skipped: readonly SkippedDay[]): string {
  const runs: SkippedDay[][] = [];
  for (const day of skipped) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && addDays(last.date, 1) === day.date) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) => {
      const first = run[0];
      const last = run.at(-1);
      if (!first || !last) return '';
      const labels: string[] = [];
      for (const day of run) {
        const names = day.kind === 'holiday' ? (day.name ?? '节假日').split('、') : ['周末'];
        for (const name of names) if (!labels.includes(name)) labels.push(name);
      }
      const span = first.date === last.date ? first.date : `${first.date}至${last.date}`;
      return `${span}（${labels.join('、')}）`;
    })
    .join('、');
}

interface WorkingDayPeriod {
  readonly kind: DeadlineKind;
  readonly rule: DeadlineRule;
  readonly basis: string;
  readonly calendar: WorkCalendar;
  readonly from: LocalDate;
  /** What happened on `from`: 决定作出之日. */
  readonly fromLabel: string;
  /** The heading of the explanation: 公开期限. */
  readonly subject: string;
  readonly amount: number;
  readonly statutoryAmount?: number;
  /** Why the amount differs from the law's, when it does. */
  readonly amountNote?: string;
}

function workingDayDeadline(period: WorkingDayPeriod): Deadline {
  const { calendar, from, amount } = period;
  // R5: the day the period runs from is not counted.
  const counted = addWorkingDays(calendar, from, amount);
  const skipped: SkippedDay[] = counted.skipped.map((d) => ({
    date: d.date,
    kind: d.kind === 'holiday' ? 'holiday' : 'weekend',
    ...(d.kind === 'holiday' && d.name !== undefined ? { name: d.name } : {}),
    provisional: d.provisional,
  }));
  const adjustedWorkdays: AdjustedWorkday[] = counted.counted
    .filter((d) => d.kind === 'adjusted_workday')
    .map((d) => ({ date: d.date, name: d.name ?? '节假日' }));

  const sentences = [
    `${period.subject}：自${from}（${period.fromLabel}，当日不计）起算${amount}个工作日，截止${counted.due}（${weekdayOf(counted.due)}）。`,
  ];
  if (period.amountNote) sentences.push(period.amountNote);
  if (skipped.length > 0) sentences.push(`期间跳过${describeSkipped(skipped)}。`);
  if (adjustedWorkdays.length > 0) {
    const list = adjustedWorkdays
      .map((d) => `${d.date}（${weekdayOf(d.date)}）为${d.name}调休上班日`)
      .join('，');
    sentences.push(`${list}，计为工作日。`);
  }
  if (counted.provisional) {
    const years = new Set<number>();
    for (const d of [...counted.counted, ...counted.skipped]) if (d.provisional) years.add(yearOf(d.date));
    const sources = [...years].map((y) => calendar.yearSource(y).source);
    sentences.push(
      `${[...years].join('、')}年的放假安排尚未公布，该年日期暂按${sources[0] ?? ''}规定的法定节假日和周末推定；` +
        '国务院办公厅公布放假安排后以其为准，截止日可能变动。',
    );
  }

  return {
    kind: period.kind,
    rule: period.rule,
    basis: period.basis,
    from,
    due: counted.due,
    periodEnd: counted.due,
    unit: 'working_days',
    amount,
    ...(period.statutoryAmount === undefined ? {} : { statutoryAmount: period.statutoryAmount }),
    provisional: counted.provisional,
    skipped,
    adjustedWorkdays,
    explanation: sentences.join(''),
  };
}

function tighteningNote(amount: number, statutory: number): string | undefined {
  return amount < statutory
    ? `本机关设定的期限为${amount}个工作日，短于规定的${statutory}个工作日。`
    : undefined;
}

export interface PublicationDeadlineInput {
  /** What the clock reads of a decision: an inventoried one (inventory.ts) has no more than this. */
  readonly content: Pick<DecisionContent, 'actionType' | 'decisionDate' | 'randomInspection'>;
  /** The day the information was formed or changed; a day after the decision date is a change (a correction). */
  readonly basisDate?: LocalDate;
  readonly settings: AgencySettings;
  readonly calendar: WorkCalendar;
}

/**
 * R5: publish within 7 working days of the day the information was formed (the decision date) or changed (a
 * correction's change date); the normal result of a 双随机 random inspection within 20 working days of the
 * inspection's end. An agency may set shorter periods.
 */
/** R5: where a decision stands against its publication deadline (`publishBy`) on a day, Asia/Shanghai. */
export interface PublicationStanding {
  /** Today is after `publishBy`, its last day: the publication is late. False without a deadline. */
  readonly overdue: boolean;
  /**
   * The working days after today up to and including `publishBy` (workingDaysBetween(today, publishBy)): 3 on a
   * Tuesday with a Friday deadline, 0 on the deadline day itself (the last day on time) and on the days off right
   * after it, negative once overdue (−1 on the first working day after it: the working days past it). Null
   * without a deadline.
   */
  readonly workingDaysLeft: number | null;
}

export function publicationStanding(
  publishBy: LocalDate | undefined,
  today: LocalDate,
  calendar: WorkCalendar,
): PublicationStanding {
  if (publishBy === undefined) return { overdue: false, workingDaysLeft: null };
  const left = workingDaysBetween(calendar, today, publishBy);
  // workingDaysBetween negates a reversed span, and −0 is not a count anyone means.
  return { overdue: today > publishBy, workingDaysLeft: left === 0 ? 0 : left };
}

export function publicationDeadline({
  content,
  basisDate,
  settings,
  calendar,
}: PublicationDeadlineInput): Deadline {
  if (basisDate !== undefined && basisDate < content.decisionDate) {
    throw new ValidationError(
      'basis_before_decision',
      `the information cannot change (${basisDate}) before the decision was made (${content.decisionDate})`,
      { field: 'basisDate' },
    );
  }
  const changedOn = basisDate !== undefined && basisDate > content.decisionDate ? basisDate : undefined;
  const inspection = content.randomInspection;
  // R5: normal random-inspection results run from the end of the inspection; a later change restarts the general
  // clock. Only an inspection's (行政检查) result is one: validation refuses the period on any other action type,
  // and a record kept from before that rule does not get the longer period either.
  if (content.actionType === 'inspection' && inspection?.outcome === 'normal' && changedOn === undefined) {
    const amount = randomInspectionWorkingDays(settings);
    const note = tighteningNote(amount, STATUTORY_RANDOM_INSPECTION_WORKING_DAYS);
    return workingDayDeadline({
      kind: 'random_inspection_publication',
      rule: 'R5',
      basis: BASIS.randomInspection,
      calendar,
      from: inspection.endDate,
      fromLabel: '双随机抽查结束之日，抽查结果正常',
      subject: '公示期限',
      amount,
      statutoryAmount: STATUTORY_RANDOM_INSPECTION_WORKING_DAYS,
      ...(note === undefined ? {} : { amountNote: note }),
    });
  }
  // R5: everything else, random inspections with problems included, within 7 working days of formation or change.
  const amount = publishWorkingDays(settings, content.actionType);
  const note = tighteningNote(amount, STATUTORY_PUBLISH_WORKING_DAYS);
  return workingDayDeadline({
    kind: 'publication',
    rule: 'R5',
    basis: BASIS.publication,
    calendar,
    from: changedOn ?? content.decisionDate,
    fromLabel: changedOn === undefined ? '决定作出之日' : '信息变更之日',
    subject: '公开期限',
    amount,
    statutoryAmount: STATUTORY_PUBLISH_WORKING_DAYS,
    ...(note === undefined ? {} : { amountNote: note }),
  });
}

/** R7: what happened on the day the takedown runs from, as the explanation names it. */
const LEGAL_EVENT_LABELS: Readonly<Record<LegalEventReason, string>> = {
  revoked: '原决定被依法撤销之日',
  confirmed_illegal: '原决定被确认违法之日',
  confirmed_invalid: '原决定被确认无效之日',
  redo_ordered: '原决定被要求重新作出之日',
  changed: '原决定被依法变更之日',
};

/**
 * R7: a published decision that is revoked, confirmed illegal or void, ordered to be redone or changed comes
 * down within 3 working days of the day of that legal event (行政处罚法 art. 48 "三日内", which art. 85 counts in
 * working days; the first day is not counted).
 */
export function revocationTakedownDeadline(
  from: LocalDate,
  calendar: WorkCalendar,
  reason?: LegalEventReason,
): Deadline {
  return workingDayDeadline({
    kind: 'revocation_takedown',
    rule: 'R7',
    basis: BASIS.revocation,
    calendar,
    from,
    fromLabel:
      reason === undefined ? '原决定被撤销、确认违法或者要求重新作出之日' : LEGAL_EVENT_LABELS[reason],
    subject: '撤下原决定信息的期限',
    amount: REVOCATION_TAKEDOWN_WORKING_DAYS,
    statutoryAmount: REVOCATION_TAKEDOWN_WORKING_DAYS,
  });
}

const SAME_DAY_BASIS =
  '《长治市工信局执法决定信息公开发布撤销更新制度》二：不应当公开而公开的，应当立即撤下；造成严重后果的，应当立即采取紧急处置措施';

/**
 * R8 (长治 §二 立即): an emergency takedown, and the withdrawal of what should never have been published, are due
 * at once, on the day they are made (no working days are counted). The same kind as R7's, so the sweep watches
 * both alike.
 */
export function emergencyTakedownDeadline(
  from: LocalDate,
  reason: 'emergency' | 'published_in_error' = 'emergency',
): Deadline {
  const what =
    reason === 'emergency'
      ? `紧急撤下：${from}（${weekdayOf(from)}）下令紧急撤下`
      : `不应当公开而公开：${from}（${weekdayOf(from)}）发现并撤下`;
  return {
    kind: 'revocation_takedown',
    rule: 'R8',
    basis: SAME_DAY_BASIS,
    from,
    due: from,
    periodEnd: from,
    unit: 'working_days',
    amount: 0,
    provisional: false,
    skipped: [],
    adjustedWorkdays: [],
    explanation: `${what}，应当立即从公示载体上撤下，当日为最后期限。`,
  };
}

export interface WithdrawalTiming {
  readonly legalEventDate?: LocalDate;
  readonly deadline: Deadline;
  /** R7: filed no later than the deadline's last day. */
  readonly onTime: boolean;
}

/**
 * R7, R8: when a withdrawal filed on `filedOn` was due. For the five reasons that follow a legal event
 * (LEGAL_EVENT_REASONS) the withdrawal states that event's day: a real date, not in the future (Asia/Shanghai),
 * not before the decision; else ValidationError naming `legalEventDate`. The others state none.
 */
export function withdrawalTiming(input: {
  readonly reason: WithdrawReason;
  readonly legalEventDate: string | undefined;
  readonly decisionDate: LocalDate;
  readonly filedOn: LocalDate;
  readonly calendar: WorkCalendar;
}): WithdrawalTiming {
  const { reason, legalEventDate, decisionDate, filedOn, calendar } = input;
  const field = 'legalEventDate';
  if (!isLegalEventReason(reason)) {
    // R8: 立即: due the day it is made. R6: an expiry is the sweep's, on its day.
    if (legalEventDate !== undefined) {
      throw new ValidationError(
        'legal_event_date_not_applicable',
        `a withdrawal as ${reason} follows no legal event; leave legalEventDate out`,
        { field, details: { reason } },
      );
    }
    const deadline =
      reason === 'expired'
        ? { ...emergencyTakedownDeadline(filedOn), rule: 'R6' as const, explanation: '' }
        : emergencyTakedownDeadline(filedOn, reason);
    return { deadline, onTime: true };
  }
  if (legalEventDate === undefined || legalEventDate === '') {
    throw new ValidationError(
      'legal_event_date_required',
      `a withdrawal as ${reason} states the day of the legal event (legalEventDate, YYYY-MM-DD): the 3 working days run from it (R7)`,
      { field, details: { reason } },
    );
  }
  if (!isLocalDate(legalEventDate)) {
    throw new ValidationError(
      'invalid_date',
      'legalEventDate must be a real calendar date written YYYY-MM-DD',
      {
        field,
      },
    );
  }
  if (legalEventDate > filedOn) {
    throw new ValidationError(
      'legal_event_in_future',
      `the legal event (${legalEventDate}) cannot be after today (${filedOn}, Asia/Shanghai)`,
      { field, details: { today: filedOn } },
    );
  }
  if (legalEventDate < decisionDate) {
    throw new ValidationError(
      'legal_event_before_decision',
      `the legal event (${legalEventDate}) cannot be before the decision was made (${decisionDate})`,
      { field, details: { decisionDate } },
    );
  }
  const deadline = revocationTakedownDeadline(legalEventDate, calendar, reason);
  return { legalEventDate, deadline, onTime: filedOn <= deadline.due };
}

/** R8: a withdrawal made by one person is confirmed by a reviewer of the agency within 1 working day. */
export function withdrawalConfirmationDeadline(filedOn: LocalDate, calendar: WorkCalendar): Deadline {
  return workingDayDeadline({
    kind: 'withdrawal_confirmation',
    rule: 'R8',
    basis:
      '《长治市工信局执法决定信息公开发布撤销更新制度》二；本平台规则R8：一人作出的撤下，由本机关另一名审核人员在1个工作日内确认',
    calendar,
    from: filedOn,
    fromLabel: '撤下之日',
    subject: '确认撤下的期限',
    amount: WITHDRAWAL_CONFIRMATION_WORKING_DAYS,
  });
}

const CORRECTION_BASIS =
  '《长治市工信局执法决定信息公开发布撤销更新制度》二：公开的信息错误或者发生变化的，应当立即更正或者更新；本平台规则R8：已公开决定的更正当日审核';

/**
 * R8 (长治 §二 立即): the correction of a published decision is reviewed on the working day it is submitted; one
 * submitted on a day off, on the next working day. Counted from the submission, not from any later event.
 */
export function correctionReviewDeadline(submittedOn: LocalDate, calendar: WorkCalendar): Deadline {
  const day = calendar.day(submittedOn);
  if (!day.working) {
    return workingDayDeadline({
      kind: 'correction_review',
      rule: 'R8',
      basis: CORRECTION_BASIS,
      calendar,
      from: submittedOn,
      fromLabel: '提交更正之日，非工作日',
      subject: '审核更正的期限（立即，提交当日；非工作日提交的，顺延至下一工作日）',
      amount: 1,
    });
  }
  return {
    kind: 'correction_review',
    rule: 'R8',
    basis: CORRECTION_BASIS,
    from: submittedOn,
    due: submittedOn,
    periodEnd: submittedOn,
    unit: 'working_days',
    amount: 0,
    provisional: day.provisional,
    skipped: [],
    adjustedWorkdays:
      day.kind === 'adjusted_workday' ? [{ date: submittedOn, name: day.name ?? '节假日' }] : [],
    explanation:
      `审核更正的期限：已公开信息的更正应当立即审核，${submittedOn}（${weekdayOf(submittedOn)}）提交，当日为最后期限。` +
      (day.kind === 'adjusted_workday' ? `该日为${day.name ?? '节假日'}调休上班日，计为工作日。` : ''),
  };
}

export interface ExpiryInput {
  /** The instant of (first) publication, ISO 8601. */
  readonly publishedAt: string;
  readonly partyKind: PartyKind;
}

/**
 * R6: a published result may come down once it has been public for 5 years, 2 when the party is a natural
 * person. Counted in years on Asia/Shanghai dates: the publication day is not counted (民法典 art. 201), the
 * period ends on the same month and day N years later, or on the month's last day if there is none (art. 202).
 * `due` is the first day on which it may come down. Removal is permitted, not required, so a period ending on
 * a holiday is not extended (art. 203 extends the time to perform an act, not the time a record must stay up).
 */
export function expiryWithdrawal({ publishedAt, partyKind }: ExpiryInput): Deadline {
  const from = shanghaiDate(publishedAt);
  // R6: 2 years for a natural person and an individual business (民法典 ch. 2 places it with natural persons).
  const amount = isPersonParty(partyKind) ? EXPIRY_YEARS_NATURAL_PERSON : EXPIRY_YEARS;
  const periodEnd = addYears(from, amount);
  const due = addDays(periodEnd, 1);
  const noCounterpart =
    periodEnd.slice(5) !== from.slice(5)
      ? `（${yearOf(periodEnd)}年没有${Number(from.slice(5, 7))}月${Number(from.slice(8))}日，以该月末日为期间的最后一日）`
      : '';
  const explanation =
    `到期撤下：于${from}公开，行政相对人为${PARTY_KIND_LABELS[partyKind]}，公开满${amount}年即可从公示载体上撤下。` +
    `期间自公开次日起算，至${periodEnd}届满${noCounterpart}；自${due}（${weekdayOf(due)}）起可以撤下。`;
  return {
    kind: 'expiry_withdrawal',
    rule: 'R6',
    basis: BASIS.expiry,
    from,
    due,
    periodEnd,
    unit: 'years',
    amount,
    statutoryAmount: amount,
    provisional: false,
    skipped: [],
    adjustedWorkdays: [],
    explanation,
  };
}

/** R9: an agency answers a correction request within its configured working days (default 7). */
export function correctionAnswerDeadline(
  receivedOn: LocalDate,
  settings: AgencySettings,
  calendar: WorkCalendar,
): Deadline {
  // R9: clamped like validateAgencySettings, for settings read back without validation.
  const amount = Math.min(settings.correctionAnswerWorkingDays, MAX_CORRECTION_ANSWER_WORKING_DAYS);
  return workingDayDeadline({
    kind: 'correction_answer',
    rule: 'R9',
    basis: BASIS.correctionAnswer,
    calendar,
    from: receivedOn,
    fromLabel: '收到更正申请之日',
    subject: '答复更正申请的期限',
    amount,
    ...(amount === DEFAULT_CORRECTION_ANSWER_WORKING_DAYS
      ? {}
      : {
          amountNote: `本机关设定的答复期限为${amount}个工作日（默认${DEFAULT_CORRECTION_ANSWER_WORKING_DAYS}个工作日）。`,
        }),
  });
}

/** R10: catalogue items affected by a new law or a reorganisation are updated within 20 working days. */
export function catalogUpdateDeadline(effectiveOn: LocalDate, calendar: WorkCalendar): Deadline {
  return workingDayDeadline({
    kind: 'catalog_update',
    rule: 'R10',
    basis: BASIS.catalogUpdate,
    calendar,
    from: effectiveOn,
    fromLabel: '法律、法规、规章和规范性文件生效、废止或者部门机构职能调整之日',
    subject: '更新事前公开内容的期限',
    amount: CATALOG_UPDATE_WORKING_DAYS,
    statutoryAmount: CATALOG_UPDATE_WORKING_DAYS,
  });
}

/**
 * R3 (四平 §四(三)4): an exemption declared for a time (publication may hamper enforcement) is looked at again on
 * the day the agency named. A fixed day, not a period: no working days are counted (like R8's same-day takedown).
 */
export function exemptionReviewDeadline(decisionDate: LocalDate, reviewOn: LocalDate): Deadline {
  return {
    kind: 'exemption_review',
    rule: 'R3',
    basis: BASIS.exemptionReview,
    from: decisionDate,
    due: reviewOn,
    periodEnd: reviewOn,
    unit: 'working_days',
    amount: 0,
    provisional: false,
    skipped: [],
    adjustedWorkdays: [],
    explanation: `不予公开的复查：决定于${decisionDate}作出，因可能妨害正常执法活动不予公开；本机关定于${reviewOn}（${weekdayOf(reviewOn)}）复查是否仍不宜公开。`,
  };
}
