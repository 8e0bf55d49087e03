/**
 * ADR 0021: the log as a C2SP tiled log, written by the checkpoint run and checked by the verifier: tiles and
 * entry bundles, a signed-note checkpoint any signed-note verifier accepts, a proof file per decision that holds
 * offline, and saved checkpoints held to the current one by consistency proofs.
 */
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemorySiteBucket } from '../../../shared/adapters/memory/site-bucket.ts';
import { rebuildSite } from '../../../shared/app/rebuild-site.ts';
import { transparencyCheckpoint } from '../../../shared/app/transparency.ts';
import { parseCheckpoint } from '../../../shared/domain/tlog/checkpoint.ts';
import { parseVerifierKey } from '../../../shared/domain/tlog/note.ts';
import type { DecisionScanner } from '../../../shared/ports.ts';
import { verifySite } from '../../../shared/transparency/verify.ts';
import { checkProofFile } from '../../../shared/transparency/verify-tlog.ts';
import { fetcherOf, keyPair, platform, SITE_URL, tamper } from './scenario.ts';

type Platform = ReturnType<typeof platform>;

async function checkpointed() {
  const p = platform();
  const ids = await p.scenario();
  await p.checkpoint();
  return { p, ids };
}

function verify(p: Platform, more: { savedNotes?: { name: string; note: string }[]; vkeys?: string[] } = {}) {
  return verifySite({ siteUrl: SITE_URL, fetch: fetcherOf(p.site), now: p.now(), ...more });
}

const body = (p: Platform, key: string) => {
  const object = p.site.objects.get(key);
  if (!object) throw new Error(`no ${key}`);
  return object.body;
};

async function putBytes(p: Platform, key: string, bytes: Uint8Array): Promise<void> {
  const object = p.site.objects.get(key);
  if (!object) throw new Error(`no ${key}`);
  await p.site.put({ key, body: bytes, contentType: object.contentType, cacheControl: object.cacheControl });
}

describe('the tiled log', () => {
  it('is written by the checkpoint run: tiles, entry bundles, a signed checkpoint and a proof per decision', async () => {
    const { p, ids } = await checkpointed();
    const keys = [...p.site.objects.keys()];
    expect(keys).toEqual(
      expect.arrayContaining([
        'tlog/checkpoint',
        'tlog/tile/0/000.p/7',
        'tlog/tile/entries/000.p/7',
        'transparency/log.vkey',
        ...Object.values(ids).map((id) => `transparency/proofs/${id}.tlog-proof`),
      ]),
    );
    expect(p.site.objects.get('tlog/tile/0/000.p/7')?.bytes.length).toBe(7 * 32);
    expect(p.site.objects.get('tlog/tile/0/000.p/7')?.cacheControl).toContain('immutable');
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.tiled).toMatchObject({ checkpoint: { size: 7 }, tiles: 1, bundles: 1, proofs: 4 });
  });

  it('signs a checkpoint in the C2SP signed-note format that a verifier written from the spec alone accepts', async () => {
    const { p } = await checkpointed();
    const note = body(p, 'tlog/checkpoint');
    const [text, signatures] = note.split('\n\n') as [string, string];
    expect(text.split('\n')).toEqual([
      'gongshi.example/tlog',
      '7',
      expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    ]);
    // signed-note: "— <name> <base64(key ID (4 bytes) || signature)>", the key ID SHA-256(name || 0x0A || 0x01 ||
    // public key)[:4], the Ed25519 signature over the note text with its final newline.
    const match = /^— (\S+) (\S+)\n$/.exec(signatures);
    expect(match?.[1]).toBe('gongshi.example/tlog');
    const signature = Buffer.from(match?.[2] ?? '', 'base64');
    const publicKey = createPublicKey(body(p, 'transparency/public-key.pem'));
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const keyId = createHash('sha256')
      .update(Buffer.concat([Buffer.from('gongshi.example/tlog\n'), Buffer.from([1]), raw]))
      .digest()
      .subarray(0, 4);
    expect(signature.subarray(0, 4)).toEqual(keyId);
    expect(verifySignature(null, Buffer.from(`${text}\n`), publicKey, signature.subarray(4))).toBe(true);
    // The published verifier key is the standard `<name>+<hex key ID>+<base64(0x01 || key)>`.
    expect(body(p, 'transparency/log.vkey').trim()).toBe(
      `gongshi.example/tlog+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`,
    );
  });

  it('names a tile, an entry bundle and a checkpoint edited on the site', async () => {
    const { p } = await checkpointed();
    const tile = p.site.objects.get('tlog/tile/0/000.p/7');
    const flipped = Uint8Array.from(tile?.bytes ?? []);
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    await putBytes(p, 'tlog/tile/0/000.p/7', flipped);
    // The first entry's action, edited in place (same length, so the bundle still parses).
    const bundle = p.site.objects.get('tlog/tile/entries/000.p/7');
    const edited = Buffer.from(bundle?.bytes ?? []);
    edited.write('"publisx"', edited.indexOf('"publish"'), 'utf8');
    await putBytes(p, 'tlog/tile/entries/000.p/7', new Uint8Array(edited));
    const report = await verify(p);
    expect(report.problems).toContainEqual({
      object: 'tlog/tile/0/000.p/7',
      message: expect.stringContaining("differs from the tile the log's entries make"),
    });
    expect(report.problems).toContainEqual({
      object: 'tlog/tile/entries/000.p/7',
      message: "entry 1 differs from the log's entry 1",
    });
    await tamper(p.site, 'tlog/checkpoint', (b) => b.replace('\n7\n', '\n6\n'));
    expect((await verify(p)).problems).toContainEqual({
      object: 'tlog/checkpoint',
      message: expect.stringContaining('does not verify'),
    });
  });

  it("gives each decision a proof file that holds offline with the log's key alone, and fails when edited", async () => {
    const { p, ids } = await checkpointed();
    const vkey = parseVerifierKey(body(p, 'transparency/log.vkey').trim());
    const proof = body(p, `transparency/proofs/${ids.corrected}.tlog-proof`);
    const checked = checkProofFile(proof, [vkey], 'gongshi.example/tlog');
    expect(checked).toMatchObject({ ok: true, entry: { decisionId: ids.corrected, action: 'correct' } });
    if (!checked.ok) return;
    // The entry commits to the JSON a reader downloaded with it.
    expect(checked.entry.commits?.json).toBe(
      createHash('sha256')
        .update(body(p, `decisions/${ids.corrected}.json`))
        .digest('hex'),
    );

    const lines = proof.split('\n');
    const extra = Buffer.from((lines[1] as string).slice('extra '.length), 'base64').toString('utf8');
    const forged = lines.with(
      1,
      `extra ${Buffer.from(extra.replace('"correct"', '"publish"')).toString('base64')}`,
    );
    expect(checkProofFile(forged.join('\n'), [vkey])).toMatchObject({ ok: false });
    const wrongHash = lines.with(
      3,
      (lines[3] as string).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect(checkProofFile(wrongHash.join('\n'), [vkey])).toMatchObject({
      ok: false,
      why: expect.stringContaining('inclusion proof does not bind'),
    });
    const other = parseVerifierKey(
      (await import('../../../shared/domain/tlog/note.ts')).ed25519VerifierKey(
        'gongshi.example/tlog',
        keyPair().privateKey,
      ),
    );
    expect(checkProofFile(proof, [other])).toMatchObject({ ok: false });
  });

  it('holds a saved checkpoint to the current one by a consistency proof, and names a rewritten log', async () => {
    const { p } = await checkpointed();
    const saved = body(p, 'tlog/checkpoint');
    // 300 days of audit anchors (R11): entries of the log that are no decision, cheap to make in number.
    for (let day = 1; day <= 300; day++) {
      const date = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
      await p.log.append({
        time: p.now().toISOString(),
        decisionId: `audit-${date}`,
        action: 'anchor',
        document: `audit/${date.replaceAll('-', '/')}.ndjson`,
        sha256: createHash('sha256').update(date).digest('hex'),
      });
    }
    await p.checkpoint();
    const current = parseCheckpoint((body(p, 'tlog/checkpoint').split('\n\n')[0] as string) + '\n');
    expect(current.size).toBe(307);
    const report = await verify(p, { savedNotes: [{ name: 'kept.checkpoint', note: saved }] });
    expect(report.problems).toEqual([]);
    expect(report.tiled).toMatchObject({ saved: 1, tiles: 3, bundles: 2 });

    // A checkpoint of another history under the same key: what a log that forked would have signed.
    const other = platform();
    await other.scenario();
    await other.published();
    await other.checkpoint();
    const forked = body(other, 'tlog/checkpoint');
    const mixed = await verify(p, { savedNotes: [{ name: 'fork.checkpoint', note: forked }] });
    expect(mixed.problems).toContainEqual({
      object: 'fork.checkpoint',
      message: expect.stringContaining('is not consistent with tlog/checkpoint (307 entries)'),
    });
  });

  it('is written again whole by the rebuild of a lost site, nothing signed anew, and verifies', async () => {
    const { p } = await checkpointed();
    const checkpoint = body(p, 'tlog/checkpoint');
    const lost = new MemorySiteBucket();
    const deps = { ...p.deps, site: lost, scanner: p.deps.store as unknown as DecisionScanner };
    await rebuildSite(deps);
    expect(lost.objects.get('tlog/checkpoint')?.body).toBe(checkpoint);
    // The keys come back with the next checkpoint run (the rebuild holds no key); the log has not grown.
    await transparencyCheckpoint({ ...deps, signingKey: p.signingKey }, p.now());
    expect(lost.objects.get('tlog/checkpoint')?.body).toBe(checkpoint);
    const report = await verifySite({ siteUrl: SITE_URL, fetch: fetcherOf(lost), now: p.now() });
    expect(report.problems).toEqual([]);
    expect(report.tiled).toMatchObject({ checkpoint: { size: 7 }, proofs: 4 });
  });

  it('takes in a log kept before it existed: its entries become the first leaves, the old checkpoints still hold', async () => {
    // A log of 7 entries checkpointed the old way only (ADR 0007), then the first run of this version.
    const p = platform();
    await p.scenario();
    const tree = p.log.tree.bind(p.log);
    p.log.tree = async () => undefined;
    p.log.putTree = async () => true;
    await p.checkpoint();
    const oldCheckpoint = body(p, 'transparency/checkpoint.json');
    for (const key of [...p.site.objects.keys()]) {
      if (key.startsWith('tlog/') || key.startsWith('transparency/proofs/')) p.site.objects.delete(key);
    }
    p.log.tree = tree;
    delete (p.log as { putTree?: unknown }).putTree;
    await p.published();
    await p.checkpoint();
    expect(body(p, 'tlog/checkpoint').split('\n')[1]).toBe('8');
    const report = await verify(p);
    expect(report.problems).toEqual([]);
    expect(report.tiled).toMatchObject({ checkpoint: { size: 8 }, proofs: 5 });
    expect(report.checkpoints.verified).toBe(2);
    expect(body(p, 'transparency/checkpoints/7.json')).toBe(oldCheckpoint);
  });
});
