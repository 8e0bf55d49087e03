/**
 * The transparency log on the site (ADR 0007): the log as chunks of NDJSON (one canonical-JSON entry a line,
 * LOG_CHUNK_SIZE a chunk, so an append rewrites one bounded object), its head, the signed checkpoints, and the
 * page that explains all of it in Chinese. Records in, files out; the readers here are strict, because the
 * publisher repairs what they refuse and the verifier reports it.
 */

import { canonicalJson } from '../domain/canonical-json.ts';
import {
  type CheckpointBody,
  LOG_ACTIONS,
  LOG_CHUNK_SIZE,
  type LogEntry,
  type LogHead,
  type SignedCheckpoint,
} from '../domain/transparency-log.ts';
import { html } from './html.ts';
import {
  absoluteUrl,
  CACHE_ASSET,
  CHECKPOINT_KEY,
  CONTENT_TYPES,
  checkpointKey,
  INDEX_KEY,
  LOG_HEAD_KEY,
  logChunkKey,
  PUBLIC_KEY_KEY,
  siteObject,
  TRANSPARENCY_INDEX_KEY,
} from './keys.ts';
import { page } from './layout.ts';
import type { SiteConfig, SiteObject } from './types.ts';

/** A transparency object that is not what the platform writes: named with its key and what is wrong. */
export class LogFormatError extends Error {
  constructor(
    readonly key: string,
    readonly why: string,
  ) {
    super(`${key}: ${why}`);
    this.name = 'LogFormatError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Each line is the entry's canonical JSON: what its hash covers, plus the hash. */
export function serializeLogChunk(entries: readonly LogEntry[]): string {
  return entries.map((entry) => `${canonicalJson(entry)}\n`).join('');
}

export function logChunkObject(chunk: number, entries: readonly LogEntry[]): SiteObject {
  return siteObject(logChunkKey(chunk), serializeLogChunk(entries), CONTENT_TYPES.ndjson);
}

/** One line as a log entry, or why it is not one (the entry's own hash is checked elsewhere). */
export function parseLogLine(line: string): LogEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  if (!isRecord(value)) return 'is not an entry';
  const {
    seq,
    time,
    decisionId,
    action,
    document,
    sha256,
    prevHash,
    hash,
    revision,
    reason,
    reinstatement,
    correction,
  } = value;
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) return 'has no sequence number';
  if (typeof time !== 'string' || typeof decisionId !== 'string' || typeof document !== 'string') {
    return `entry ${seq} lacks its time, decision or document`;
  }
  if (typeof action !== 'string' || !(LOG_ACTIONS as readonly string[]).includes(action)) {
    return `entry ${seq} has no known action`;
  }
  if (!(sha256 === null || (typeof sha256 === 'string' && HEX64.test(sha256)))) {
    return `entry ${seq} has no document hash (64 hex digits, or null)`;
  }
  if (
    typeof prevHash !== 'string' ||
    !HEX64.test(prevHash) ||
    typeof hash !== 'string' ||
    !HEX64.test(hash)
  ) {
    return `entry ${seq} lacks its hashes`;
  }
  if (revision !== undefined && typeof revision !== 'number') return `entry ${seq} has a malformed revision`;
  if (reason !== undefined && typeof reason !== 'string') return `entry ${seq} has a malformed reason`;
  if (reinstatement !== undefined && typeof reinstatement !== 'number') {
    return `entry ${seq} has a malformed reinstatement`;
  }
  if (correction !== undefined && typeof correction !== 'number') {
    return `entry ${seq} has a malformed correction`;
  }
  return value as unknown as LogEntry;
}

/** A chunk as the platform wrote it; throws LogFormatError at the first line that is not an entry. */
export function parseLogChunk(key: string, body: string): LogEntry[] {
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > LOG_CHUNK_SIZE)
    throw new LogFormatError(key, `holds ${lines.length} lines, a chunk holds ${LOG_CHUNK_SIZE}`);
  return lines.map((line, i) => {
    const entry = parseLogLine(line);
    if (typeof entry === 'string') throw new LogFormatError(key, `line ${i + 1} ${entry}`);
    return entry;
  });
}

export function logHeadObject(head: LogHead): SiteObject {
  const body = {
    description:
      '透明日志的状态（每 5 分钟及每次签名检查点时更新，较新的条目见日志文件）：size 为条目数，headHash 为最后一条的哈希。条目见 transparency/log/{6位序号}.ndjson（每个文件 1000 条），签名检查点见 transparency/checkpoint.json，说明见 transparency/index.html。',
    size: head.size,
    headHash: head.headHash,
    ...(head.time !== undefined ? { time: head.time } : {}),
    chunkSize: LOG_CHUNK_SIZE,
  };
  return siteObject(LOG_HEAD_KEY, `${JSON.stringify(body, null, 2)}\n`, CONTENT_TYPES.json);
}

export function parseLogHead(key: string, body: string): LogHead {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new LogFormatError(key, 'is not JSON');
  }
  if (
    !isRecord(value) ||
    typeof value.size !== 'number' ||
    !Number.isInteger(value.size) ||
    value.size < 0 ||
    typeof value.headHash !== 'string' ||
    !HEX64.test(value.headHash)
  ) {
    throw new LogFormatError(key, 'is not a log head (size, headHash)');
  }
  return {
    size: value.size,
    headHash: value.headHash,
    ...(typeof value.time === 'string' ? { time: value.time } : {}),
  };
}

function checkpointBody(checkpoint: SignedCheckpoint): string {
  // The signed fields first, as a reader checks them; `signature` covers exactly size, headHash and time.
  const { size, headHash, time, algorithm, keyId, signature, previous } = checkpoint;
  return `${JSON.stringify({ size, headHash, time, algorithm, keyId, signature, ...(previous !== undefined ? { previous } : {}) }, null, 2)}\n`;
}

/** `checkpoints/<size>.json` never changes once written; `checkpoint.json` names the latest. */
export function checkpointObjects(checkpoint: SignedCheckpoint): [SiteObject, SiteObject] {
  const body = checkpointBody(checkpoint);
  return [
    siteObject(checkpointKey(checkpoint.size), body, CONTENT_TYPES.json, CACHE_ASSET),
    siteObject(CHECKPOINT_KEY, body, CONTENT_TYPES.json),
  ];
}

export function parseCheckpoint(key: string, body: string): SignedCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new LogFormatError(key, 'is not JSON');
  }
  if (!isRecord(value)) throw new LogFormatError(key, 'is not a checkpoint');
  const { size, headHash, time, algorithm, keyId, signature, previous } = value;
  if (
    typeof size !== 'number' ||
    !Number.isInteger(size) ||
    size < 1 ||
    typeof headHash !== 'string' ||
    typeof time !== 'string' ||
    algorithm !== 'Ed25519' ||
    typeof keyId !== 'string' ||
    typeof signature !== 'string' ||
    (previous !== undefined && (typeof previous !== 'number' || !Number.isInteger(previous) || previous < 1))
  ) {
    throw new LogFormatError(key, 'is not a signed checkpoint (size, headHash, time, Ed25519 signature)');
  }
  return value as unknown as SignedCheckpoint;
}

export function publicKeyObject(publicKeyPem: string): SiteObject {
  return siteObject(PUBLIC_KEY_KEY, publicKeyPem, CONTENT_TYPES.pem, CACHE_ASSET);
}

/** What a checkpoint signs, for the page's worked example. */
const EXAMPLE: CheckpointBody = { size: 42, headHash: '…', time: '2025-10-09T02:15:00.000Z' };

/** `transparency/index.html`: what the log is, what it proves, and how anyone checks it. Static. */
export function transparencyPage(config: SiteConfig): string {
  const main = html`<h1>透明日志</h1>
<p class="lead">本网站每一次公开、更正和撤下行政执法决定，都在一份只能追加的公开日志中留下一条记录。任何人都可以下载日志，自行核对网站上的内容在公开之后有没有被改动或悄悄删除。</p>
<section aria-labelledby="what-heading">
<h2 id="what-heading">日志记录什么</h2>
<p>每条记录（一行 JSON）包括：序号 <code>seq</code>、时间 <code>time</code>、决定编号 <code>decisionId</code>、动作 <code>action</code>（<code>publish</code> 公开、<code>correct</code> 更正、<code>withdraw</code> 撤下、<code>reinstate</code> 误撤后经另一名审核人员恢复公开，<code>reinstatement</code> 为第几次恢复；<code>withhold</code> 更正审核期间暂停公开原内容、<code>restore</code> 该更正被退回后恢复公开原内容，<code>correction</code> 为该更正的版本号）、公开文件 <code>document</code>（决定的 JSON 文件 <code>decisions/{编号}.json</code>）及其内容的 SHA-256 哈希 <code>sha256</code>。撤下后留有撤下说明的，记录说明文件的哈希；不再保留任何内容的（公开错误、公开期满），哈希为 <code>null</code>。</p>
<p>记录中的 <code>commits</code> 是该决定在网站上每一种形式的 SHA-256 哈希：页面 <code>page</code>、JSON <code>json</code>、月度数据文件中的那一行 <code>ndjson</code>、CSV 中的那一行 <code>csv</code>、feed.json 中的条目 <code>feed</code>、atom.xml 中的条目 <code>atom</code>，撤下时还有两处订阅中的撤下标记 <code>feed_tombstone</code>、<code>atom_tombstone</code>。任何一种形式被改动，都与日志对不上。<code>audit</code> 是该决定审计记录链当时的最后一条（序号和哈希）。内容未变、仅重新生成页面时（例如网站模板更新、页面标注“正在更正”）记为 <code>republish</code>；每天的审计记录导出归档后记为 <code>anchor</code>，<code>decisionId</code> 为 <code>audit-日期</code>。</p>
<p>每条记录还包含前一条记录的哈希 <code>prevHash</code> 和本条记录的哈希 <code>hash</code>（对除 <code>hash</code> 外各字段按键名排序、无空白的 JSON 计算 SHA-256），首条记录的 <code>prevHash</code> 为 64 个 0。因此，修改、删除、插入或调换任何一条记录，都会使其后的链接对不上。</p>
</section>
<section aria-labelledby="files-heading">
<h2 id="files-heading">文件</h2>
<ul>
<li><a href="log/000000.ndjson">log/000000.ndjson</a>、log/000001.ndjson ……：日志本身，每个文件 ${LOG_CHUNK_SIZE} 条（第 1–${LOG_CHUNK_SIZE} 条、第 ${LOG_CHUNK_SIZE + 1}–${2 * LOG_CHUNK_SIZE} 条……）。</li>
<li><a href="head.json">head.json</a>：条目数和最后一条的哈希，每 5 分钟及每次签名检查点时更新；此后公开的条目已在日志文件中，日志以日志文件为准。</li>
<li><a href="checkpoint.json">checkpoint.json</a>：最新的签名检查点；<code>checkpoints/{条目数}.json</code>：历次检查点，每个检查点的 <code>previous</code> 指向前一个。</li>
<li><a href="public-key.pem">public-key.pem</a>：验证检查点签名的 Ed25519 公钥。</li>
<li><a href="log.vkey">log.vkey</a>：签名笔记（signed note）格式的验证密钥，每行一个（Ed25519；启用国密时第二行为 SM2）。</li>
<li><a href="../tlog/checkpoint">../tlog/checkpoint</a>、<code>../tlog/tile/…</code>：同一份日志的 Merkle 树形式（C2SP tlog-tiles，RFC 6962 哈希），检查点为签名笔记格式，见下文。</li>
<li><code>proofs/{决定编号}.tlog-proof</code>：每个决定最新一条记录的包含证明，可离线核验，每个决定页面都有链接。</li>
</ul>
</section>
<section aria-labelledby="checkpoint-heading">
<h2 id="checkpoint-heading">签名检查点</h2>
<p>平台每 15 分钟（日志有新记录时）用 Ed25519 私钥对日志的条目数 <code>size</code>、最后一条的哈希 <code>headHash</code> 和时间 <code>time</code> 签名，签名内容是按键名排序、无空白的 JSON，例如 <code>${JSON.stringify({ headHash: EXAMPLE.headHash, size: EXAMPLE.size, time: EXAMPLE.time })}</code>，签名以 Base64 表示。</p>
<p>请保存您看到的检查点。以后任何时候，只要日志前 <code>size</code> 条的最后一条哈希仍然等于检查点中的 <code>headHash</code>，就说明这些记录一条也没有被改动或删除；否则即可证明日志被改写过。</p>
</section>
<section aria-labelledby="tree-heading">
<h2 id="tree-heading">Merkle 树、包含证明和见证</h2>
<p>同样的记录按顺序构成一棵 RFC 6962 Merkle 树，以 C2SP tlog-tiles 格式公开在 <code>tlog/</code> 下：每条记录（即日志文件中的那一行）是一片叶子。<code>tlog/checkpoint</code> 是签名笔记格式的检查点（日志名称、条目数、树根哈希），与证书透明度、Go 校验和数据库等使用同一标准，现成的工具即可核验。保存一份检查点，以后用一致性证明（只需十几个哈希）即可证明日志只增不改，无需重新下载全部日志。</p>
<p>每个决定的包含证明文件（tlog-proof）含有该条记录、它在树中的位置、到树根的哈希路径和签名检查点；保存后无需联网即可证明该记录在日志中，并可核对您保存的页面或 JSON 与记录中的哈希是否相同。配置了见证方（witness）时，检查点还带有见证方的联署签名；启用国密算法时，另有 SM2/SM3 签名。</p>
</section>
<section aria-labelledby="verify-heading">
<h2 id="verify-heading">如何核验</h2>
<p>平台的源代码提供核验工具，它通过网络读取本网站并逐项核对：日志哈希链从第一条到最后一条是否完整，每个检查点的签名是否有效、是否与日志相符，每个现有决定的页面、JSON、数据行、CSV 行和订阅条目是否与日志中该决定最新一条记录的哈希相同，Merkle 树的每个分块是否由日志记录算出、树根是否与签名检查点相同，每个包含证明是否成立，每个撤下的决定是否都有撤下记录，日志中应当存在的页面是否都在。</p>
<pre><code>npm run verify -- ${config.siteUrl}
npm run verify -- ${config.siteUrl} --checkpoint 保存的checkpoint.json
npm run verify -- ${config.siteUrl} --checkpoint 保存的tlog检查点 --vkey 保存的log.vkey
npm run verify -- --proof 决定编号.tlog-proof --vkey 保存的log.vkey --document 保存的决定.json</code></pre>
<p>核验通过时输出简短报告；发现问题时逐条说明哪个文件、应当是什么。发布过程中（几秒钟内）可能出现暂时不一致，请稍后再次核验；持续存在的问题说明网站内容与日志不符。</p>
</section>
<p><a href="../${INDEX_KEY}">返回首页</a></p>`;
  return page({
    config,
    root: '../',
    title: '透明日志',
    description: '行政执法决定公开、更正和撤下的只追加公开日志及其签名检查点',
    canonical: absoluteUrl(config, TRANSPARENCY_INDEX_KEY),
    main,
  });
}

export function transparencyPageObject(config: SiteConfig): SiteObject {
  return siteObject(TRANSPARENCY_INDEX_KEY, transparencyPage(config), CONTENT_TYPES.html, CACHE_ASSET);
}
