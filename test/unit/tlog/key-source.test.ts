import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateTransparencyKey } from '../../../infra/local/dev-keys.ts';
import { FileSigningKey, SecretsExtensionSigningKey } from '../../../shared/adapters/secrets/signing-key.ts';
import { openNote, parseVerifierKey, signNote } from '../../../shared/domain/tlog/note.ts';
import { sm2NoteSigner, sm2VerifierKey } from '../../../shared/domain/tlog/sm2.ts';

const dirs: string[] = [];
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gongshi-tlog-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const ed25519 = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const sm2 = () =>
  generateKeyPairSync('ec', { namedCurve: 'SM2' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

function secret(value: string) {
  const fetch = (async () =>
    new Response(JSON.stringify({ SecretString: value }), { status: 200 })) as typeof globalThis.fetch;
  return new SecretsExtensionSigningKey({ secretId: 'arn', sessionToken: () => 't', fetch });
}

describe('the SM2 co-signing key source', () => {
  it('locally: transparency-sm2.pem beside the Ed25519 key, only made with GONGSHI_TRANSPARENCY_SM2=1', async () => {
    const data = dir();
    const path = loadOrCreateTransparencyKey(data, {});
    expect(existsSync(join(data, 'dev-keys', 'transparency-sm2.pem'))).toBe(false);
    expect(await new FileSigningKey(path).sm2PrivateKeyPem()).toBeUndefined();

    expect(loadOrCreateTransparencyKey(data, { GONGSHI_TRANSPARENCY_SM2: '1' })).toBe(path);
    const pem = await new FileSigningKey(path).sm2PrivateKeyPem();
    expect(pem).toBe(readFileSync(join(data, 'dev-keys', 'transparency-sm2.pem'), 'utf8'));
    loadOrCreateTransparencyKey(data, { GONGSHI_TRANSPARENCY_SM2: '1' });
    expect(await new FileSigningKey(path).sm2PrivateKeyPem()).toBe(pem);
    const note = signNote('o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', [
      sm2NoteSigner('o', pem as string),
    ]);
    expect(openNote(note, [parseVerifierKey(sm2VerifierKey('o', pem as string))]).verified).toHaveLength(1);

    writeFileSync(join(data, 'dev-keys', 'transparency-sm2.pem'), ed25519());
    await expect(new FileSigningKey(path).sm2PrivateKeyPem()).rejects.toThrow(/no SM2/);
  });

  it('on AWS: a second PEM block in the same secret, in either order; one block reads as before', async () => {
    const [ed, sm] = [ed25519(), sm2()];
    expect(await secret(ed).privateKeyPem()).toBe(ed);
    expect(await secret(ed).sm2PrivateKeyPem()).toBeUndefined();
    for (const both of [`${ed}${sm}`, `${sm}\n${ed}`]) {
      expect((await secret(both).privateKeyPem()).trim()).toBe(ed.trim());
      expect((await secret(both).sm2PrivateKeyPem())?.trim()).toBe(sm.trim());
    }
    await expect(secret(`${sm}${sm}`).privateKeyPem()).rejects.toThrow(/none of them Ed25519/);
  });
});
