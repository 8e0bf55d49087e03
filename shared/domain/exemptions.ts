/**
 * R3 (四平 §四(三) 1–6): decisions that are never published. Most grounds are a judgement the agency
 * declares; the first one (the party is a minor) Gongshi also detects itself from the resident ID, so a
 * forgotten declaration cannot publish a child.
 */
import { addYears, compareDates, type LocalDate } from './dates.ts';
import type { DecisionContent, ExemptionReason } from './decision.ts';
import { residentIdBirthDate } from './identity.ts';
import { residentIdsIn } from './personal-data.ts';

export interface NeverPublishReason {
  readonly reason: ExemptionReason;
  readonly source: 'declared' | 'detected';
  /** Internal explanation for reviewers and the audit trail; never part of the public side. */
  readonly note?: string;
}

/**
 * The last day on which someone born on `birthDate` is still a minor: the 18th birthday itself, because
 * 周岁 count from the day after the birthday (最高人民法院《关于审理未成年人刑事案件具体应用法律若干问题的解释》
 * 第二条). A 29 February birthday falls on 28 February in a common year (addYears).
 */
export function lastDayAsMinor(birthDate: LocalDate): LocalDate {
  return addYears(birthDate, 18);
}

export function isMinorOn(birthDate: LocalDate, date: LocalDate): boolean {
  return compareDates(date, lastDayAsMinor(birthDate)) <= 0;
}

/**
 * The birth dates to judge the party's age by (R3, SPEC: "a minor is recognised from any resident ID anywhere
 * in the party, or from the birth date"): every checksum-valid resident ID in the party's number however it is
 * written and whatever it was filed under (separators, full-width digits, `other`, an organisation's number),
 * and the stated birth date. A legal person is never a minor: its number is a USCC.
 */
function birthDatesOfParty(content: DecisionContent): LocalDate[] {
  const { party } = content;
  if (party.kind === 'legal_person') return [];
  const fromIds = residentIdsIn(party.idNumber)
    .map((id) => residentIdBirthDate(id))
    .filter((date): date is LocalDate => date !== undefined);
  return party.birthDate !== undefined ? [...fromIds, party.birthDate] : fromIds;
}

/** Why this decision must never reach the public side, or undefined when it may be published. */
export function neverPublishReason(content: DecisionContent): NeverPublishReason | undefined {
  // R3: the agency's own declaration wins, with its reason and note.
  if (content.exemption) {
    const { reason, note } = content.exemption;
    return { reason, source: 'declared', ...(note !== undefined ? { note } : {}) };
  }
  // R3 (四平 §四(三)1): a party under 18 on the decision date is never published, declared or not.
  const birth = birthDatesOfParty(content).find((date) => isMinorOn(date, content.decisionDate));
  if (birth) {
    const from = birth === content.party.birthDate ? '按出生日期' : '按身份证号码';
    return {
      reason: 'minor',
      source: 'detected',
      note: `${from}，当事人出生于${birth}，至决定日期${content.decisionDate}未满十八周岁`,
    };
  }
  return undefined;
}
