/**
 * ADR 0007 addendum: the checkpoint's witnesses come from `-c tlogWitnesses` (a JSON array of `{url, vkey}`),
 * checked at synth, and reach the checkpoint function alone as TLOG_WITNESSES; without it no function is told
 * of any witness.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readDeploymentConfig } from '../../infra/config.ts';
import { localEnvironment, localWitnesses } from '../../infra/local/environment.ts';
import { cosignatureVerifierKey } from '../../shared/domain/tlog/cosignature.ts';
import { FUNCTION_NAMES } from '../../shared/manifest.ts';
import { logicalId, resourcesOf, synthesize } from './deployment.ts';

const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const WITNESSES = [
  { url: 'https://witness.example/w1', vkey: cosignatureVerifierKey('witness.example/w1', publicKey) },
];

function environments(context: Record<string, unknown>) {
  const deployment = synthesize({ stage: 'test', ...context });
  const functions = resourcesOf(deployment.templates.app, 'AWS::Lambda::Function');
  return new Map(
    FUNCTION_NAMES.map((name) => {
      const fn = deployment.app.functions.get(name);
      const id = fn ? logicalId(deployment.app, fn.function) : '';
      const resource = functions.find(([key]) => key === id)?.[1];
      const variables =
        (resource?.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)
          ?.Variables ?? {};
      return [name, variables];
    }),
  );
}

describe('the checkpoint’s witnesses (-c tlogWitnesses)', () => {
  it('tells the checkpoint function alone, and none without the setting', () => {
    const given = environments({ tlogWitnesses: JSON.stringify(WITNESSES) });
    for (const [name, variables] of given) {
      if (name === 'transparency-checkpoint')
        expect(JSON.parse(String(variables.TLOG_WITNESSES))).toEqual(WITNESSES);
      else expect(variables.TLOG_WITNESSES, name).toBeUndefined();
    }
    for (const [name, variables] of environments({})) expect(variables.TLOG_WITNESSES, name).toBeUndefined();
  });

  it('takes the array itself (cdk.json) as well as its JSON (the command line); [] is none', () => {
    const read = (value: unknown) =>
      readDeploymentConfig((key) => (key === 'tlogWitnesses' ? value : undefined));
    expect(read(WITNESSES).tlogWitnesses).toBe(JSON.stringify(WITNESSES));
    expect(read(JSON.stringify(WITNESSES)).tlogWitnesses).toBe(JSON.stringify(WITNESSES));
    expect(read('[]').tlogWitnesses).toBeUndefined();
  });

  it('fails the synth on a malformed list, naming the setting and the problem', () => {
    const read = (value: unknown) => () =>
      readDeploymentConfig((key) => (key === 'tlogWitnesses' ? value : undefined));
    expect(read('[{"url": "https://witness.example"}]')).toThrow(/-c tlogWitnesses: .*witness 0: "vkey"/);
    expect(read('not json')).toThrow(/-c tlogWitnesses: the witness list is not JSON/);
  });

  it('passes the shell’s TLOG_WITNESSES through to the local platform, checked', () => {
    const local = {
      tableName: 't',
      siteBucket: 's',
      uploadsBucket: 'u',
      archiveBucket: 'a',
      siteUrl: '',
      apiUrl: '',
      dynamoEndpoint: 'http://127.0.0.1:1',
      s3Endpoint: 'http://127.0.0.1:2',
      transparencyKeyFile: 'key.pem',
      logLevel: 'WARN',
      metrics: false,
    };
    const env = localEnvironment({
      ...local,
      ...localWitnesses({ TLOG_WITNESSES: JSON.stringify(WITNESSES) }),
    });
    expect(JSON.parse(env.TLOG_WITNESSES ?? '')).toEqual(WITNESSES);
    expect(localEnvironment({ ...local, ...localWitnesses({}) }).TLOG_WITNESSES).toBeUndefined();
    expect(() => localWitnesses({ TLOG_WITNESSES: '[{}]' })).toThrow(/witness 0/);
  });
});
