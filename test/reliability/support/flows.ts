/** The few HTTP flows the reliability files set their scene with. */
import { expect } from 'vitest';
import { call } from '../../integration/support/http.ts';
import { eventually } from './state.ts';

export async function submit(token: string, body: unknown): Promise<{ id: string; version: number }> {
  const created = await call('POST', '/v1/decisions', { token, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, version: created.body.version };
}

/**
 * R2: the reviewer reads the decision (its preview and version) and approves that version (If-Match); a caller
 * that already holds the version passes it.
 */
export async function approve(
  token: string,
  id: string,
  version?: number,
): Promise<{ status: string; version: number }> {
  const read = version ?? (await call('GET', `/v1/decisions/${id}`, { token })).body.version;
  const reply = await call('POST', `/v1/decisions/${id}/review`, {
    token,
    body: { outcome: 'approve', comment: '同意公开' },
    headers: { 'if-match': `"${read}"` },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return { status: reply.body.status, version: reply.body.version };
}

/** Waits until the API says the decision reached the status (the publisher works from the stream). */
export async function reachStatus(token: string, id: string, status: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const reply = await call('GET', `/v1/decisions/${id}`, { token });
    expect(reply.body?.status).toBe(status);
    return reply.body;
  }, timeoutMs);
}
