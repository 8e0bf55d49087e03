/**
 * The witnesses asked to cosign each checkpoint (c2sp.org/tlog-witness): `TLOG_WITNESSES`, a JSON array of
 * `{"url", "vkey"}` the stack sets from `-c tlogWitnesses` (the local platform passes it through from the shell).
 * Absent or `[]`, there are none; malformed, the cold start fails naming the problem.
 */
import { ENV } from '../../../shared/manifest.ts';
import { parseWitnessList, type WitnessConfig } from '../../../shared/transparency/witness.ts';
import { optional, readEnv } from '../env.ts';

const env = readEnv({ [ENV.TLOG_WITNESSES]: optional() });

export const witnesses: readonly WitnessConfig[] = parseWitnessList(env[ENV.TLOG_WITNESSES] ?? '');
