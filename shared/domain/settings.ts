/**
 * An agency's deadline settings. The regulations set the longest periods; an agency may set shorter ones for
 * itself (publish penalties within 3 working days, answer corrections within 5), never longer ones.
 */
import type { ActionType } from './decision.ts';
import { ACTION_TYPES } from './decision.ts';
import { SettingsError } from './errors.ts';

// R5: 四平 §四(六) "自该信息形成或者变更之日起7个工作日内予以公开".
export const STATUTORY_PUBLISH_WORKING_DAYS = 7;
// R5: 四平 §四(六) "对抽查结果正常的市场主体，自抽查结束之日起20个工作日内向社会公示".
export const STATUTORY_RANDOM_INSPECTION_WORKING_DAYS = 20;
// R9: 四平 §四(七) only says "及时作出处理"; SPEC sets 7 working days as the default.
export const DEFAULT_CORRECTION_ANSWER_WORKING_DAYS = 7;
// R9: an answer deadline beyond three working weeks is no longer "及时".
export const MAX_CORRECTION_ANSWER_WORKING_DAYS = 15;

export const EXPIRY_POLICIES = ['auto_withdraw', 'keep'] as const;
export type ExpiryPolicy = (typeof EXPIRY_POLICIES)[number];

export interface AgencySettings {
  readonly agencyId: string;
  /** Shorter publication deadlines per action type; an absent type uses the statutory 7 working days. */
  readonly publishWithinWorkingDays: Readonly<Partial<Record<ActionType, number>>>;
  readonly randomInspectionWithinWorkingDays: number;
  readonly correctionAnswerWorkingDays: number;
  /** R6: what happens when a published result has been public for its full period. */
  readonly expiry: ExpiryPolicy;
}

export function DEFAULT_AGENCY_SETTINGS(agencyId: string): AgencySettings {
  return {
    agencyId,
    publishWithinWorkingDays: {},
    randomInspectionWithinWorkingDays: STATUTORY_RANDOM_INSPECTION_WORKING_DAYS,
    correctionAnswerWorkingDays: DEFAULT_CORRECTION_ANSWER_WORKING_DAYS,
    // R6: by default a result comes down by itself once its period is over; keeping it up is the agency's choice.
    expiry: 'auto_withdraw',
  };
}

/**
 * The publication period for an action type. Clamped to the statute as well as validated, so that settings
 * read back from storage without validation still cannot loosen the law.
 */
export function publishWorkingDays(settings: AgencySettings, actionType: ActionType): number {
  const own = settings.publishWithinWorkingDays[actionType];
  // R5: an agency may tighten, never loosen.
  return Math.min(own ?? STATUTORY_PUBLISH_WORKING_DAYS, STATUTORY_PUBLISH_WORKING_DAYS);
}

export function randomInspectionWorkingDays(settings: AgencySettings): number {
  // R5: an agency may tighten, never loosen.
  return Math.min(settings.randomInspectionWithinWorkingDays, STATUTORY_RANDOM_INSPECTION_WORKING_DAYS);
}

type Reason = 'loosens_law' | 'out_of_range' | 'not_integer' | 'invalid_value' | 'unknown_field';

function fail(field: string, reason: Reason, message: string): never {
  throw new SettingsError(message, { field, details: { reason } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function workingDays(value: unknown, field: string, max: number, maxIsLaw: boolean, what: string): number {
  if (value === undefined) fail(field, 'invalid_value', `${field}: is required`);
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(field, 'invalid_value', `${field}: must be a number`);
  if (!Number.isInteger(value))
    fail(field, 'not_integer', `${field}: ${what} must be a whole number of working days`);
  if (value < 1)
    fail(field, 'out_of_range', `${field}: ${what} must be at least 1 working day, not ${value}`);
  if (value > max) {
    if (maxIsLaw)
      fail(field, 'loosens_law', `${field}: ${what} may not exceed the statutory ${max} working days`);
    fail(field, 'out_of_range', `${field}: ${what} must be between 1 and ${max} working days`);
  }
  return value;
}

const SETTINGS_FIELDS = [
  'agencyId',
  'publishWithinWorkingDays',
  'randomInspectionWithinWorkingDays',
  'correctionAnswerWorkingDays',
  'expiry',
] as const;

/** Checks settings from an agency or from storage; throws SettingsError naming the field that is wrong. */
export function validateAgencySettings(input: unknown): AgencySettings {
  if (!isRecord(input)) fail('settings', 'invalid_value', 'settings must be an object');
  for (const key of Object.keys(input)) {
    // A mistyped key would silently leave the statutory period in place while the agency believes it tightened it.
    if (!(SETTINGS_FIELDS as readonly string[]).includes(key))
      fail(key, 'unknown_field', `${key}: not a setting`);
  }
  const { agencyId, publishWithinWorkingDays, expiry } = input;
  if (typeof agencyId !== 'string' || agencyId.trim() === '') {
    fail('agencyId', 'invalid_value', 'agencyId: must be a non-empty string');
  }
  if (!isRecord(publishWithinWorkingDays)) {
    fail(
      'publishWithinWorkingDays',
      'invalid_value',
      'publishWithinWorkingDays: must be an object keyed by action type',
    );
  }
  const publish: Partial<Record<ActionType, number>> = {};
  for (const [type, days] of Object.entries(publishWithinWorkingDays)) {
    const field = `publishWithinWorkingDays.${type}`;
    const actionType = ACTION_TYPES.find((t) => t === type);
    if (!actionType)
      fail(field, 'unknown_field', `${field}: not an action type (${ACTION_TYPES.join(', ')})`);
    // R5: publication within at most 7 working days.
    publish[actionType] = workingDays(
      days,
      field,
      STATUTORY_PUBLISH_WORKING_DAYS,
      true,
      'the publication deadline',
    );
  }
  const randomInspectionWithinWorkingDays = workingDays(
    input.randomInspectionWithinWorkingDays,
    'randomInspectionWithinWorkingDays',
    STATUTORY_RANDOM_INSPECTION_WORKING_DAYS, // R5: normal random-inspection results within at most 20.
    true,
    'the random-inspection publication deadline',
  );
  const correctionAnswerWorkingDays = workingDays(
    input.correctionAnswerWorkingDays,
    'correctionAnswerWorkingDays',
    MAX_CORRECTION_ANSWER_WORKING_DAYS, // R9
    false,
    'the correction answer deadline',
  );
  const policy = EXPIRY_POLICIES.find((p) => p === expiry);
  // R6
  if (!policy) fail('expiry', 'invalid_value', `expiry: must be one of ${EXPIRY_POLICIES.join(', ')}`);
  return {
    agencyId,
    publishWithinWorkingDays: publish,
    randomInspectionWithinWorkingDays,
    correctionAnswerWorkingDays,
    expiry: policy,
  };
}
