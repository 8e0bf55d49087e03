/**
 * Lambda event filtering for the table's stream, as data and as a pure matcher. The patterns of a stream
 * consumer (`STREAM_CONSUMERS` in routes.ts) go to the event source mapping on AWS (`FilterCriteria.filter`)
 * and to the local stream poller, which applies them with `matchesStreamFilters`: the records a handler
 * sees are the same in both places.
 *
 * Only the subset of Lambda's filter syntax that the patterns use is supported: nested fields whose leaves
 * are lists of strings, each leaf matching a string value equal to one of them (exact, case-sensitive).
 */
import type { DynamoDBRecord } from 'aws-lambda';

/** A leaf of a pattern: the value at its path must be a string equal to one of these. */
export type StreamFilterValues = readonly string[];

/**
 * One Lambda event filtering pattern: the object passed to `FilterCriteria.filter(...)`, matched against the
 * stream record as Lambda delivers it (`eventName`, `dynamodb.Keys`, `dynamodb.NewImage`, ...). Every field
 * it names must match.
 */
export interface StreamFilterPattern {
  readonly [field: string]: StreamFilterPattern | StreamFilterValues;
}

/**
 * Whether Lambda would hand `record` to a consumer with these patterns: when any one of them matches.
 * No patterns at all means no filtering, as an event source mapping without filter criteria.
 */
export function matchesStreamFilters(
  filters: readonly StreamFilterPattern[],
  record: DynamoDBRecord,
): boolean {
  return filters.length === 0 || filters.some((pattern) => matchesPattern(pattern, record));
}

function matchesPattern(pattern: StreamFilterPattern, value: unknown): boolean {
  if (!isObject(value)) return false;
  return Object.entries(pattern).every(([field, rule]) => {
    // A path that is not in the record never matches.
    if (!Object.hasOwn(value, field)) return false;
    const actual = value[field];
    return isValues(rule)
      ? typeof actual === 'string' && rule.includes(actual)
      : matchesPattern(rule, actual);
  });
}

function isValues(rule: StreamFilterPattern | StreamFilterValues): rule is StreamFilterValues {
  return Array.isArray(rule);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
