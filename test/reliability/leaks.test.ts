/**
 * R3, R4 end to end: a scenario full of what must never be public, through the API and the publisher, then
 * EVERY object of the site bucket read and scanned byte for byte. Natural persons with resident IDs and mobile
 * numbers (plain, +86, spaced, hyphenated, dotted, zero-width-spaced, full-width, Arabic-Indic, in look-alike digits) in every free-text field; a correction and withdrawals
 * whose texts name the person again; a never-publish decision for each ground of 四平 §四(三), a minor found by
 * the ID alone, a decision sent back, one still under review, a correction still under review, and a
 * correction request's contact, each carrying a marker string of its own. Expected: 0 checksum-valid resident
 * IDs, 0 mobile numbers, 0 full names of the scenario's persons, 0 bytes of any marker.
 */

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { gateFindings } from '../../shared/app/publish-gate.ts';
import { shanghaiDate } from '../../shared/domain/dates.ts';
import { EXEMPTION_REASONS } from '../../shared/domain/decision.ts';
import { skeletonOf } from '../../shared/domain/skeleton.ts';
import { matchesOutsideDigests } from '../fixtures/digests.ts';
import { residentIdBornOn, residentIdCheck, SIPING_COMPANY_USCC } from '../fixtures/ids.ts';
import { crawlText } from '../fixtures/site-text.ts';
import { agencyId, caseNumber, companyPenalty } from '../integration/fixtures/decisions.ts';
import { call, callFrom, freshClient } from '../integration/support/http.ts';
import { tokenFor } from '../integration/support/tokens.ts';
import { approve, reachStatus, submit } from './support/flows.ts';
import { recordSection } from './support/report.ts';
import { allObjects, bucketFingerprint, eventually } from './support/state.ts';

const AGENCY = agencyId('leaks');
const RUN = randomUUID().slice(0, 8);
const marker = (what: string) => `NEVERPUB${what}Q${RUN}Z`;
let submitter: string;
let reviewer: string;

/** Every secret the scenario holds, by kind. */
const names: string[] = [];
const residentIds: string[] = [];
const mobiles: string[] = [];
const markers: string[] = [];

interface Person {
  readonly name: string;
  readonly id: string;
  readonly mobile: string;
}

function person(name: string, birth: string, sequence: string, mobile: string): Person {
  const id = residentIdBornOn(birth, '220302', sequence);
  names.push(name);
  residentIds.push(id);
  mobiles.push(mobile);
  return { name, id, mobile };
}

const spaced = (m: string) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
const hyphenated = (m: string) => `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const dotted = (m: string) => `${m.slice(0, 3)}.${m.slice(3, 7)}.${m.slice(7)}`;
const zeroWidth = (s: string) => [...s].join('\u200b');
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x0660 + Number(d)));
const grouped = (id: string) => `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`;
/** Every other digit in mathematical bold (𝟏𝟑𝟖…), which NFKC folds back to the digit. */
const lookalike = (s: string) =>
  s.replace(/[0-9]/g, (d, at: number) => (at % 2 === 0 ? String.fromCodePoint(0x1d7ce + Number(d)) : d));

/** A penalty on a natural person whose ID and mobile are typed into every free-text field, in every spelling. */
function personDecision(p: Person, extra: Record<string, unknown> = {}) {
  const span = marker(`span${names.indexOf(p.name)}`);
  markers.push(span);
  return {
    caseNumber: caseNumber(),
    actionType: 'penalty',
    party: { kind: 'natural_person', name: p.name, idType: 'resident_id', idNumber: p.id },
    method: `现场检查，当事人${p.name}在场（电话${hyphenated(p.mobile)}）`,
    content: `${p.name}（公民身份号码${p.id}，联系电话${p.mobile}，又称+86 ${spaced(p.mobile)}，全角${fullWidth(p.mobile)}，花体${lookalike(p.mobile)}，点号${dotted(p.mobile)}，零宽${zeroWidth(p.mobile)}，阿拉伯数字${arabicIndic(p.mobile)}，证号${grouped(p.id)}）于2025年8月无证经营，账本记有${span}。`,
    legalBasis: `《无证无照经营查处办法》第十三条；当事人身份证${fullWidth(p.id)}，又写作${lookalike(p.id)}`,
    result: `对${p.name}处以罚款人民币贰仟元，通知送达${p.mobile}。`,
    penalty: { types: ['fine'], fineYuan: 2000 },
    decisionDate: '2025-09-28',
    redactions: [{ field: 'content', text: span }],
    ...extra,
  };
}

/** A never-publish decision: the marker everywhere a byte of it could travel. */
function exemptDecision(reason: (typeof EXEMPTION_REASONS)[number]) {
  const m = marker(reason.replaceAll('_', ''));
  markers.push(m);
  return companyPenalty({
    caseNumber: `${caseNumber()}${m}`,
    party: {
      kind: 'legal_person',
      name: `四平市${m}有限公司`,
      idType: 'uscc',
      idNumber: SIPING_COMPANY_USCC,
      legalRepresentative: `法人${m}`,
    },
    method: `检查${m}`,
    content: `涉及${m}的事实`,
    legalBasis: `依据${m}`,
    result: `结果${m}`,
    // R3: notes that name the ruling or the law and article, and a review date where one is required.
    exemption: {
      reason,
      note: `说明${m}，依据《中华人民共和国保守国家秘密法》第九条及上级复函`,
      ...(reason === 'hampers_enforcement' ? { reviewOn: '2026-03-31' } : {}),
    },
  });
}

const figures: Record<string, number> = {};
let settled = false;
/** R9: the public status of a correction request (no token), as JSON and as the page a browser gets. */
const statusPages: string[] = [];

beforeAll(async () => {
  submitter = await tokenFor({ agency: AGENCY, roles: ['submitter'], user: 'clerk' });
  reviewer = await tokenFor({ agency: AGENCY, roles: ['reviewer'], user: 'checker' });
});

describe('nothing that must stay private reaches the site', () => {
  it('builds the scenario through the API and lets the site settle', async () => {
    const people = [
      person('慕容雪晴', '1979-02-14', '248', '13912345678'),
      person('司马青云', '1990-11-30', '517', '15098765432'),
      person('诸葛明远', '1985-06-01', '733', '18611112222'),
      person('上官婉清', '1968-12-31', '102', '17755556666'),
      person('欧阳晓峰', '2001-03-09', '860', '19933334444'),
    ] as const;
    const [p0, p1, p2, p3, p4] = people;
    const published: string[] = [];
    const withdrawn: string[] = [];
    const held: string[] = [];

    // Published as they are.
    for (const p of [p0, p1]) {
      const { id } = await submit(submitter, personDecision(p));
      await approve(reviewer, id);
      published.push(id);
    }
    // Published, then corrected with a new number (R8), the correction approved too.
    {
      const { id } = await submit(submitter, personDecision(p2));
      await approve(reviewer, id);
      const first = await reachStatus(submitter, id, 'published');
      const newMobile = '13600001111';
      mobiles.push(newMobile);
      const corrected = await call('PUT', `/v1/decisions/${id}`, {
        token: submitter,
        headers: { 'if-match': `"${first.version}"` },
        body: personDecision(p2, {
          caseNumber: first.decision.caseNumber,
          result: `更正：通知送达${newMobile}`,
        }),
      });
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
      await approve(reviewer, id);
      published.push(id);
    }
    // Published, then revoked with a notice whose explanation names the person again (R7); and one taken
    // down as published in error (R8).
    for (const [p, reason] of [
      [p3, 'revoked'],
      [p4, 'published_in_error'],
    ] as const) {
      const { id } = await submit(submitter, personDecision(p));
      await approve(reviewer, id);
      const current = await reachStatus(submitter, id, 'published');
      const reply = await call('POST', `/v1/decisions/${id}/withdraw`, {
        token: submitter,
        headers: { 'if-match': `"${current.version}"` },
        body: {
          reason,
          ...(reason === 'revoked' ? { legalEventDate: shanghaiDate(new Date()) } : {}),
          explanation: `${p.name}（身份证${p.id}，电话${p.mobile}）申请行政复议，原决定已撤销`,
        },
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      withdrawn.push(id);
    }
    // R3: every ground of 四平 §四(三), declared; confirmed exempt by the reviewer.
    for (const reason of EXEMPTION_REASONS) {
      const { id } = await submit(submitter, exemptDecision(reason));
      const reviewed = await approve(reviewer, id);
      expect(reviewed.status).toBe('exempt');
      held.push(id);
    }
    // R3: a minor found by the resident ID alone (nothing declared).
    {
      const minor = person('皇甫小雨', '2012-05-20', '391', '13577778888');
      const m = marker('minor');
      markers.push(m);
      const { id } = await submit(submitter, {
        ...personDecision(minor),
        content: `${minor.name}${m}`,
        redactions: undefined,
      });
      const reviewed = await approve(reviewer, id);
      expect(reviewed.status).toBe('exempt');
      held.push(id);
    }
    // Sent back, and never reviewed: neither was approved, so nothing of them is public.
    {
      const sentBack = marker('rejected');
      const pending = marker('pending');
      markers.push(sentBack, pending);
      const a = await submit(submitter, companyPenalty({ content: `内容${sentBack}` }));
      const rejected = await call('POST', `/v1/decisions/${a.id}/review`, {
        token: reviewer,
        headers: { 'if-match': `"${a.version}"` },
        body: { outcome: 'reject', comment: '请补充' },
      });
      expect(rejected.status).toBe(200);
      await submit(submitter, companyPenalty({ content: `内容${pending}` }));
    }
    // A correction of a published decision still under review: the public keeps the approved version.
    {
      const unreviewed = marker('unreviewedcorrection');
      markers.push(unreviewed);
      const { id } = await submit(submitter, companyPenalty());
      await approve(reviewer, id);
      const current = await reachStatus(submitter, id, 'published');
      const corrected = await call('PUT', `/v1/decisions/${id}`, {
        token: submitter,
        headers: { 'if-match': `"${current.version}"` },
        body: { ...current.decision, result: `更正${unreviewed}` },
      });
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
      published.push(id);
    }
    // R9: a correction request's contact is the agency's to see, never the public's.
    {
      const contact = person('东方文博', '1975-07-07', '555', '13822223333');
      const m = marker('contact');
      markers.push(m);
      const filed = await callFrom(freshClient(), 'POST', '/v1/corrections', {
        body: {
          decisionId: published[0],
          what: `罚款金额有误${m}`,
          evidence: `见决定书原件，身份证${contact.id}`,
          contact: { name: contact.name, phone: contact.mobile, email: `${m}@example.com` },
        },
      });
      expect(filed.status, filed.text).toBe(201);
      // The agency answers quoting the requester, as a hurried clerk would; anyone with the id reads it.
      const answered = await call('POST', `/v1/corrections/${filed.body.request.id}/answer`, {
        token: reviewer,
        body: {
          outcome: 'reject',
          reasons: `已电话联系${contact.name}（${contact.mobile}，${m}@example.com，身份证${contact.id}），经核对原决定无误`,
        },
      });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      statusPages.push(`/v1/corrections/${filed.body.request.id}`);
    }

    for (const id of published) await reachStatus(submitter, id, 'published');
    for (const id of withdrawn) {
      await eventually(async () => {
        const reply = await call('GET', `/v1/decisions/${id}`, { token: submitter });
        expect(reply.body.status).toBe('withdrawn');
        expect(reply.body.deadlines.takedown ?? null).toBeNull();
      });
    }
    // Settled: the bucket no longer changes.
    let previous = '';
    await eventually(
      async () => {
        const now = JSON.stringify([...(await bucketFingerprint()).entries()]);
        const stable = now === previous;
        previous = now;
        expect(stable).toBe(true);
      },
      30_000,
      1_000,
    );
    settled = true;
    figures['decisions published'] = published.length;
    figures['decisions withdrawn'] = withdrawn.length;
    figures['decisions never published (R3)'] = held.length;
  });

  it('finds no resident ID, mobile number, full name or marker in any object of the site bucket or public API answer', async () => {
    expect(settled, 'the scenario did not complete').toBe(true);
    const objects = await allObjects();
    // The public side beyond the bucket: what the API shows anyone without a token.
    for (const path of statusPages) {
      for (const accept of ['application/json', 'text/html']) {
        const response = await fetch(`${inject('apiUrl')}${path}`, { headers: { accept } });
        expect(response.status).toBe(200);
        objects.set(`API ${path} (${accept})`, Buffer.from(await response.arrayBuffer()));
      }
    }
    expect(objects.size).toBeGreaterThan(10);
    const findings: string[] = [];
    let bytes = 0;
    let idLike = 0;
    for (const [key, body] of objects) {
      bytes += body.length;
      const raw = crawlText(key, body);
      if (raw === undefined) continue;
      // The skeleton every detector reads (ADR 0012): any script's digits as ASCII, zero-width and bidi
      // characters dropped, separators inside digit runs skipped, so no spelling can hide a number.
      const text = skeletonOf(raw).text;
      for (const finding of gateFindings([{ key, body: raw }])) findings.push(`${key}: ${finding.kind}`);
      for (const match of text.matchAll(
        /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g,
      )) {
        idLike += 1;
        const id = match[0].toUpperCase();
        if (residentIdCheck(id.slice(0, 17)) === id.slice(17)) findings.push(`${key}: resident ID ${id}`);
      }
      // A SHA-256 in the transparency log is 64 hex digits: 11 decimal ones in a row happen by chance.
      for (const match of matchesOutsideDigests(text, /(?<![0-9])1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])/g))
        findings.push(`${key}: mobile ${match[0]}`);
      for (const secret of [...residentIds, ...mobiles])
        if (text.includes(secret)) findings.push(`${key}: ${secret}`);
      for (const name of names) if (text.includes(name)) findings.push(`${key}: the name ${name}`);
      for (const m of markers) {
        if (raw.includes(m) || text.includes(m) || raw.includes(encodeURIComponent(m)))
          findings.push(`${key}: marker ${m}`);
      }
    }
    expect(findings).toEqual([]);
    recordSection('leaks', {
      title: 'Leaks',
      method:
        'the public status of a correction request whose answer quotes the requester (API, JSON and HTML) scanned with the site; natural persons with resident IDs and mobiles (plain, +86, spaced, hyphenated, dotted, zero-width-spaced, full-width, Arabic-Indic, in look-alike digits) in every free-text field, a correction, withdrawal notices naming the person, every never-publish ground, a minor found by the ID, a decision sent back, one pending, a correction pending, a correction request contact, each with its marker; then every object of the site bucket read and scanned through the skeleton of ADR 0012 (any script’s digits, zero-width characters dropped, separators skipped) by the publish gate’s detectors and for checksum-valid resident IDs, mobile numbers, the persons’ full names and the markers.',
      figures: {
        ...figures,
        'objects scanned': objects.size,
        'bytes scanned': bytes,
        'ID-shaped runs checked': idLike,
        'secrets planted': residentIds.length + mobiles.length + names.length + markers.length,
        findings: findings.length,
      },
    });
  });
});
