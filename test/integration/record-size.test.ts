/**
 * Issue 20: valid input never ends in a 500. A decision the schema admits (every text within its limit, at most
 * 100 redactions of 2 000 characters) can still be larger than one item of the table (400 KB): it is refused
 * with 413 record_too_large before anything is written, alone or inside a batch; one that fits is stored whole.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { licenceInput } from '../fixtures/catalog.ts';
import { agencyId, companyPenalty } from './fixtures/decisions.ts';
import { call } from './support/http.ts';
import { tokenFor } from './support/tokens.ts';

const AGENCY = agencyId('size');
let submitter: string;

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'li.na' });
});

// Ordinary words of enforcement prose, drawn in a fixed pseudo-random order so no 2 000-character window repeats.
const WORDS = [
  '检查',
  '发现',
  '该公司',
  '未按',
  '规定',
  '落实',
  '安全',
  '管理',
  '制度',
  '现场',
  '存在',
  '隐患',
  '整改',
  '要求',
  '责令',
  '期限',
  '设备',
  '台账',
  '记录',
  '仓库',
];

function prose(characters: number, seed = 7): string {
  let state = seed;
  let out = '';
  while (out.length < characters) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    out += WORDS[state % WORDS.length];
    if (state % 7 === 0) out += '，';
  }
  return out.slice(0, characters);
}

/** A decision at the schema's limits: 20 000 characters of content and `count` redactions of 2 000 of them. */
function heavy(count: number) {
  const content = prose(20_000);
  const redactions = Array.from({ length: count }, (_, i) => ({
    field: 'content',
    text: content.slice(i * 180, i * 180 + 2_000),
  }));
  return companyPenalty({ content, redactions });
}

async function listed(): Promise<number> {
  const reply = await call('GET', '/v1/decisions?limit=100', { token: submitter });
  expect(reply.status).toBe(200);
  return reply.body.items.length;
}

describe('a record larger than the table takes (issue 20)', () => {
  it('refuses it with 413 record_too_large and writes nothing', async () => {
    const before = await listed();
    const reply = await call('POST', '/v1/decisions', { token: submitter, body: heavy(100) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(413);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ code: 'record_too_large', limit: 409_600 });
    expect(reply.body.bytes).toBeGreaterThan(409_600);
    expect(await listed()).toBe(before);
  });

  it('refuses only that item of a batch; the others are stored', async () => {
    const before = await listed();
    const reply = await call('POST', '/v1/decisions/batch', {
      token: submitter,
      body: { items: [heavy(100), companyPenalty()] },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(207);
    const [big, small] = reply.body.results;
    expect(big).toMatchObject({ status: 413, problem: { code: 'record_too_large' } });
    expect(small.status).toBe(201);
    expect(await listed()).toBe(before + 1);
  });

  it('stores one that fits, whole', async () => {
    const body = heavy(30);
    const reply = await call('POST', '/v1/decisions', { token: submitter, body });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const read = await call('GET', `/v1/decisions/${reply.body.id}`, { token: submitter });
    expect(read.body.decision.content).toBe(body.content);
    expect(read.body.decision.redactions).toHaveLength(30);
  });

  it('refuses a catalogue item over the limit the same way (R10), and stores nothing', async () => {
    const matters = Array.from({ length: 12 }, (_, i) => ({
      name: `许可事项${i + 1}`,
      basis: '《危险化学品安全管理条例》第三十三条',
      details: prose(20_000, i + 1),
    }));
    const items = async () =>
      (await call('GET', '/v1/catalog/items?limit=100', { token: submitter })).body.items.length;
    const before = await items();
    const reply = await call('POST', '/v1/catalog/items', {
      token: submitter,
      body: licenceInput({ matters }),
    });
    expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(413);
    expect(reply.body).toMatchObject({ code: 'record_too_large', limit: 409_600 });
    expect(await items()).toBe(before);
  });
});
