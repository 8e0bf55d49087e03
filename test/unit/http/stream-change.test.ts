import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { streamChangeOf } from '../../../shared/http/stream-change.ts';

type Image = Record<string, AttributeValue>;

function record(oldImage: Image | undefined, newImage: Image | undefined): DynamoDBRecord {
  const some = newImage ?? oldImage;
  return {
    eventID: '1',
    eventName: !oldImage ? 'INSERT' : !newImage ? 'REMOVE' : 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: some?.pk ?? { S: '' }, sk: some?.sk ?? { S: '' } },
      ...(oldImage ? { OldImage: oldImage } : {}),
      ...(newImage ? { NewImage: newImage } : {}),
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const decision = (status: string, more: Image = {}): Image => ({
  pk: { S: 'DEC#D1' },
  sk: { S: 'META' },
  id: { S: 'D1' },
  status: { S: status },
  version: { N: '3' },
  ...more,
});

const catalogItem = (status: string, more: Image = {}): Image => ({
  pk: { S: 'CAT#C1' },
  sk: { S: 'META' },
  id: { S: 'C1' },
  type: { S: 'catalog_item' },
  status: { S: status },
  ...more,
});

describe('streamChangeOf: what a stream record means to the publisher', () => {
  it("reads a decision's status change from its META item's old and new images", () => {
    expect(streamChangeOf(record(decision('pending_review'), decision('publishing')))).toEqual({
      record: 'decision',
      change: { id: 'D1', oldStatus: 'pending_review', newStatus: 'publishing' },
    });
  });

  it('has no old status for a new item and no new status for a removed one', () => {
    expect(streamChangeOf(record(undefined, decision('pending_review')))?.change).toEqual({
      id: 'D1',
      oldStatus: undefined,
      newStatus: 'pending_review',
    });
    expect(streamChangeOf(record(decision('withdrawn'), undefined))?.change).toEqual({
      id: 'D1',
      oldStatus: 'withdrawn',
      newStatus: undefined,
    });
  });

  it('R8: says whether a correction of the published decision was under review before and after', () => {
    const reviewed = { correction: { S: 'show' } };
    expect(
      streamChangeOf(record(decision('published'), decision('published', reviewed)))?.change,
    ).toMatchObject({ correctionAfter: true });
    const settled = streamChangeOf(record(decision('published', reviewed), decision('published')))?.change;
    expect(settled).toMatchObject({ correctionBefore: true });
    expect(settled).not.toHaveProperty('correctionAfter');
    expect(streamChangeOf(record(decision('published'), decision('published')))?.change).not.toHaveProperty(
      'correctionBefore',
    );
  });

  it("R10: reads a catalogue item's status and its update deadline on the publishDue index", () => {
    const due = { publishDueSk: { S: '2025-10-10#C1' } };
    expect(streamChangeOf(record(catalogItem('published'), catalogItem('published', due)))).toEqual({
      record: 'catalog',
      change: {
        id: 'C1',
        oldStatus: 'published',
        newStatus: 'published',
        oldDue: undefined,
        newDue: '2025-10-10#C1',
      },
    });
  });

  it('ignores every item that is not the META item of a decision or a catalogue item', () => {
    const items: Image[] = [
      { pk: { S: 'DEC#D1' }, sk: { S: 'REV#00001' }, id: { S: 'D1' }, status: { S: 'publishing' } },
      { pk: { S: 'DEC#D1' }, sk: { S: 'AUDIT#00000001' }, type: { S: 'audit' } },
      { pk: { S: 'CORR#R1' }, sk: { S: 'META' }, id: { S: 'R1' }, status: { S: 'open' } },
      { pk: { S: 'LAW#L1' }, sk: { S: 'META' }, id: { S: 'L1' } },
      { pk: { S: 'AGENCY#sp' }, sk: { S: 'PROFILE' }, id: { S: 'sp' } },
      // A META item whose id is not the one its key names belongs to no record the publisher knows.
      decision('publishing', { id: { S: 'D2' } }),
      // No id at all.
      { pk: { S: 'DEC#D1' }, sk: { S: 'META' }, status: { S: 'publishing' } },
    ];
    for (const item of items) {
      expect(streamChangeOf(record(undefined, item))).toBeUndefined();
      expect(streamChangeOf(record(item, item))).toBeUndefined();
    }
  });

  it('reads a record without images as nothing', () => {
    expect(streamChangeOf({ eventName: 'MODIFY', dynamodb: {} })).toBeUndefined();
    expect(streamChangeOf({})).toBeUndefined();
  });
});
