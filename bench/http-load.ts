/**
 * Row 4: sustained submissions over HTTP. The whole local platform (API, handlers, stream pollers, DynamoDB
 * Local, the S3 server) runs in a process of its own, as `npm start` would, started by the reliability suite's
 * own helper; this process only sends POST /v1/decisions, `clients` at a time, for `seconds`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevKeys, mintToken } from '../infra/local/dev-keys.ts';
import { startChildPlatform } from '../test/reliability/support/child-platform.ts';
import { progressBar } from './progress.ts';
import { decisionContent } from './seed.ts';

export interface HttpLoadResult {
  readonly seconds: number;
  readonly clients: number;
  readonly accepted: number;
  /** Answers other than 201, and requests that failed outright. */
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly latencyMs: readonly number[];
}

export async function measureHttpSubmissions(seconds: number, clients: number): Promise<HttpLoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongshi-bench-http-'));
  const platform = await startChildPlatform(dataDir);
  try {
    const keys = await loadOrCreateDevKeys(dataDir);
    const token = await mintToken(keys, { agency: 'siping-gxj', roles: ['submitter'], user: 'li.na' });
    const decisionDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const url = `${platform.apiUrl}/v1/decisions`;
    const post = (n: number) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(decisionContent(n, decisionDate as never, false)),
      });
    // Warm: the first request of each handler imports it (a cold start).
    for (let n = 0; n < 5; n++) await (await post(800_000_000 + n)).arrayBuffer();

    let next = 0;
    let accepted = 0;
    let errors = 0;
    const errorSamples: string[] = [];
    const latencyMs: number[] = [];
    const bar = progressBar('HTTP submissions', seconds);
    const started = performance.now();
    const end = started + seconds * 1000;
    const ticker = setInterval(
      () => bar.update(Math.min(seconds, Math.round((performance.now() - started) / 1000))),
      500,
    );
    const client = async () => {
      while (performance.now() < end) {
        const n = next++;
        const t0 = performance.now();
        try {
          const response = await post(n);
          const text = await response.text();
          if (response.status === 201) accepted += 1;
          else {
            errors += 1;
            if (errorSamples.length < 3) errorSamples.push(`${response.status} ${text.slice(0, 200)}`);
          }
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 3) errorSamples.push(String(error));
        }
        latencyMs.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    clearInterval(ticker);
    bar.update(seconds);
    bar.end();
    const elapsed = (performance.now() - started) / 1000;
    return { seconds: elapsed, clients, accepted, errors, errorSamples, latencyMs };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
