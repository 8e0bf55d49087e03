import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { matchesStreamFilters, type StreamFilterPattern } from '../../../shared/http/stream-filter.ts';

function record(overrides: Partial<DynamoDBRecord> = {}): DynamoDBRecord {
  return {
    eventID: '1',
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: { pk: { S: 'DEC#D1' }, sk: { S: 'META' } },
      OldImage: { pk: { S: 'DEC#D1' }, sk: { S: 'META' }, status: { S: 'pending_review' } },
      NewImage: {
        pk: { S: 'DEC#D1' },
        sk: { S: 'META' },
        status: { S: 'publishing' },
        version: { N: '2' },
        decision: { M: { status: { S: 'publishing' } } },
      },
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...overrides,
  };
}

const meta: StreamFilterPattern = { dynamodb: { Keys: { sk: { S: ['META'] } } } };
const publishing: StreamFilterPattern = { dynamodb: { NewImage: { status: { S: ['publishing'] } } } };
const removed: StreamFilterPattern = { eventName: ['REMOVE'] };

describe('matchesStreamFilters (Lambda event filtering)', () => {
  it('lets a record through when any one pattern matches, and drops it when none does', () => {
    expect(matchesStreamFilters([removed, publishing], record())).toBe(true);
    expect(matchesStreamFilters([publishing, removed], record())).toBe(true);
    expect(matchesStreamFilters([removed], record())).toBe(false);
    expect(matchesStreamFilters([removed, { eventName: ['INSERT'] }], record())).toBe(false);
  });

  it('filters nothing without patterns, as a mapping without filter criteria', () => {
    expect(matchesStreamFilters([], record())).toBe(true);
    expect(matchesStreamFilters([], record({ eventName: 'REMOVE' }))).toBe(true);
  });

  it('matches a pattern only when every path in it matches', () => {
    const both: StreamFilterPattern = {
      eventName: ['MODIFY', 'INSERT'],
      dynamodb: { Keys: { sk: { S: ['META'] } }, NewImage: { status: { S: ['publishing'] } } },
    };
    expect(matchesStreamFilters([both], record())).toBe(true);
    expect(matchesStreamFilters([both], record({ eventName: 'REMOVE' }))).toBe(false);
    const revision = record();
    if (revision.dynamodb) revision.dynamodb.Keys = { pk: { S: 'DEC#D1' }, sk: { S: 'REV#00001' } };
    expect(matchesStreamFilters([both], revision)).toBe(false);
    expect(matchesStreamFilters([meta], revision)).toBe(false);
  });

  it('matches a leaf when the value there is a string equal to one of its values, case and all', () => {
    expect(matchesStreamFilters([{ eventName: ['INSERT', 'MODIFY'] }], record())).toBe(true);
    expect(matchesStreamFilters([{ eventName: ['modify'] }], record())).toBe(false);
    expect(matchesStreamFilters([{ eventName: ['MODIF'] }], record())).toBe(false);
    expect(matchesStreamFilters([{ eventName: [] }], record())).toBe(false);
    // A number attribute is {N: '2'}: the S leaf is missing, and a leaf never matches a map.
    expect(matchesStreamFilters([{ dynamodb: { NewImage: { version: { S: ['2'] } } } }], record())).toBe(
      false,
    );
    expect(matchesStreamFilters([{ dynamodb: { NewImage: { version: { N: ['2'] } } } }], record())).toBe(
      true,
    );
    expect(matchesStreamFilters([{ dynamodb: { NewImage: { version: ['2'] } } }], record())).toBe(false);
  });

  it('never matches a path the record does not have', () => {
    const remove = record({ eventName: 'REMOVE' });
    if (remove.dynamodb) delete remove.dynamodb.NewImage;
    expect(matchesStreamFilters([publishing], remove)).toBe(false);
    expect(matchesStreamFilters([{ dynamodb: { NewImage: { missing: { S: ['x'] } } } }], record())).toBe(
      false,
    );
    const { dynamodb: _, ...bare } = record();
    expect(matchesStreamFilters([meta], bare)).toBe(false);
    // Only the record's own fields: nothing inherited from Object.prototype.
    expect(matchesStreamFilters([{ constructor: ['Object'] }], record())).toBe(false);
  });

  it('never matches a nested pattern against a string, or a leaf against a map', () => {
    expect(matchesStreamFilters([{ eventName: { S: ['MODIFY'] } }], record())).toBe(false);
    expect(matchesStreamFilters([{ dynamodb: { Keys: ['META'] } }], record())).toBe(false);
    expect(
      matchesStreamFilters(
        [{ dynamodb: { NewImage: { decision: { M: { status: { S: ['publishing'] } } } } } }],
        record(),
      ),
    ).toBe(true);
  });

  it('uses only plain JSON, so the patterns survive FilterCriteria.filter (JSON.stringify) unchanged', () => {
    const patterns = [meta, publishing, removed];
    expect(JSON.parse(JSON.stringify(patterns))).toEqual(patterns);
  });
});
