/**
 * The 100 000 of the in-memory rebuild row without an hour of seeding, and without holding them: decisions seeded
 * through the production code paths (bench/seed.ts) are copied, each copy a decision of its own (a new id and case
 * number, the same content, dates and status, so the same month), made when the rebuild reads it rather than
 * stored. `CopyingDecisionStore` is the table as the rebuild sees it (a scan and reads by id): it holds the seeded
 * decisions and their scanned references, and derives copy k from the k-th published one, round k ÷ n + 1, so the
 * heap holds a copy only while the rebuild does. Every copy lands in the month of its original, so the months fill
 * as a full seeding would fill them.
 */
import type { PublisherDependencies } from '../shared/app/publish.ts';
import { currentSiteEvent } from '../shared/app/site-events.ts';
import { ensureLogged } from '../shared/app/transparency.ts';
import type { DecisionRef, DecisionScanner, StoredDecision } from '../shared/ports.ts';

/** A copy's id: its original's first ten characters (a ULID's time: same order in its month), 'C', its number. */
const copyId = (source: string, k: number) => `${source.slice(0, 10)}C${String(k).padStart(15, '0')}`;
const COPY_ID = /^[0-9A-Z]{10}C(\d{15})$/;

export class CopyingDecisionStore implements DecisionScanner {
  readonly #seeded: ReadonlyMap<string, StoredDecision>;
  readonly #refs: readonly DecisionRef[];
  readonly #published: readonly StoredDecision[];

  /** `seeded` and `refs`: every seeded decision and the scan's reference of each; `copies` made of the published. */
  constructor(
    seeded: readonly StoredDecision[],
    refs: readonly DecisionRef[],
    readonly copies: number,
  ) {
    this.#seeded = new Map(seeded.map((stored) => [stored.decision.id, stored]));
    this.#refs = refs;
    const published = new Set(refs.filter((r) => r.status === 'published').map((r) => r.id));
    this.#published = seeded.filter((stored) => published.has(stored.decision.id));
    if (copies > 0 && this.#published.length === 0) throw new Error('copying: nothing seeded was published');
  }

  async *scanPublicDecisions(): AsyncIterable<DecisionRef> {
    yield* this.#refs;
    const refs = new Map(this.#refs.map((ref) => [ref.id, ref]));
    for (let k = 0; k < this.copies; k++) {
      const source = this.#source(k);
      yield { ...(refs.get(source.decision.id) as DecisionRef), id: copyId(source.decision.id, k) };
    }
  }

  async get(id: string): Promise<StoredDecision | undefined> {
    const seeded = this.#seeded.get(id);
    if (seeded) return seeded;
    const match = COPY_ID.exec(id);
    if (!match) return undefined;
    const k = Number(match[1]);
    if (k >= this.copies) return undefined;
    return this.#copy(k);
  }

  #source(k: number): StoredDecision {
    return this.#published[k % this.#published.length] as StoredDecision;
  }

  /** As copies were saved before: the same record under a new id, every revision's case number suffixed. */
  #copy(k: number): StoredDecision {
    const stored = this.#source(k);
    const round = Math.floor(k / this.#published.length) + 1;
    const id = copyId(stored.decision.id, k);
    const revisions = stored.decision.revisions.map((revision) => ({
      ...revision,
      content: { ...revision.content, caseNumber: `${revision.content.caseNumber}-${round}` },
    }));
    return { ...stored, decision: { ...stored.decision, id, revisions } };
  }
}

/**
 * Records every copy in the transparency log as the rebuild would (`ensureLogged`), before the rebuild is timed:
 * the log is the table's, and a table restored for a rebuild has its decisions logged.
 */
export async function logCopies(
  deps: PublisherDependencies,
  store: CopyingDecisionStore,
  onProgress: (logged: number) => void,
): Promise<number> {
  let logged = 0;
  for await (const ref of store.scanPublicDecisions()) {
    const stored = await store.get(ref.id);
    if (!stored || !COPY_ID.test(ref.id)) continue;
    await ensureLogged(deps, await currentSiteEvent(deps.agencies, stored.decision));
    logged++;
    if (logged % 1000 === 0) onProgress(logged);
  }
  return logged;
}
