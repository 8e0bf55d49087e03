/**
 * What a record of the table's stream means to the publisher: the status change of a decision's or a catalogue
 * item's META item, read from the stream images as Lambda delivers them. Pure, beside the filters that decide
 * which records reach the handler (stream-filter.ts), so the publish-site handler only calls it.
 */
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { CATALOG_PREFIX } from '../adapters/dynamodb/catalog-keys.ts';
import { CORRECTION_ATTRIBUTE, DECISION_PREFIX } from '../adapters/dynamodb/decision-keys.ts';
import { PUBLISH_DUE } from '../adapters/dynamodb/table-indexes.ts';
import { META_SK } from '../adapters/dynamodb/table-keys.ts';
import type { CatalogChange } from '../app/catalog-publish.ts';
import type { DecisionChange } from '../app/publish.ts';
import type { CatalogStatus } from '../domain/catalog.ts';
import type { DecisionStatus } from '../domain/decision.ts';

export type StreamChange =
  | { readonly record: 'decision'; readonly change: DecisionChange }
  | { readonly record: 'catalog'; readonly change: CatalogChange };

type Image = Record<string, AttributeValue>;

/**
 * A META item's status change, by the record it belongs to (`DEC#` a decision, `CAT#` a catalogue item, R10),
 * or undefined for every other item on the stream: each path only ever sees its own records.
 */
export function streamChangeOf(record: DynamoDBRecord): StreamChange | undefined {
  const image: Image | undefined = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  if (image?.sk?.S !== META_SK || typeof image.id?.S !== 'string') return undefined;
  const pk = image.pk?.S ?? '';
  const oldImage: Image | undefined = record.dynamodb?.OldImage;
  const newImage: Image | undefined = record.dynamodb?.NewImage;
  if (pk === `${DECISION_PREFIX}${image.id.S}`) {
    return {
      record: 'decision',
      change: {
        id: image.id.S,
        oldStatus: oldImage?.status?.S as DecisionStatus | undefined,
        newStatus: newImage?.status?.S as DecisionStatus | undefined,
        // R8: a correction of the published decision under review before / after (the refresh's trigger).
        ...(oldImage?.[CORRECTION_ATTRIBUTE]?.S ? { correctionBefore: true } : {}),
        ...(newImage?.[CORRECTION_ATTRIBUTE]?.S ? { correctionAfter: true } : {}),
      },
    };
  }
  if (pk === `${CATALOG_PREFIX}${image.id.S}`) {
    return {
      record: 'catalog',
      change: {
        id: image.id.S,
        oldStatus: oldImage?.status?.S as CatalogStatus | undefined,
        newStatus: newImage?.status?.S as CatalogStatus | undefined,
        // R10: an open update deadline is the item's key on the publishDue index (catalog-keys.ts).
        oldDue: oldImage?.[PUBLISH_DUE.sortKey]?.S,
        newDue: newImage?.[PUBLISH_DUE.sortKey]?.S,
      },
    };
  }
  return undefined;
}
