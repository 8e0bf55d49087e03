/**
 * What agency staff and the public read in a problem answer: one Chinese sentence per stable error `code`, and
 * the Chinese names of the fields they point at. The English text a throw site wrote stays in the answer as
 * `detailEn` / `messageEn` (problem.ts); clients keep branching on `code`.
 *
 * A template sees only values this platform chose (field labels, limits, counts, dates of its own deadlines),
 * never what a caller submitted: a problem answer must not echo a party's name, ID or contact.
 */

/** Values a template may interpolate; each is optional, so every template also reads well without them. */
export interface MessageParams {
  /** The Chinese name of the field the problem points at (labelOf). */
  readonly label?: string;
  readonly [name: string]: unknown;
}

export type MessageTemplate = (params: MessageParams) => string;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function hasChinese(text: unknown): boolean {
  return typeof text === 'string' && CJK.test(text);
}

/**
 * A sentence written in Chinese, as the correction form's checks write theirs: its first letter is a Chinese
 * character. An English one that quotes a Chinese term ("a random inspection (双随机抽查) belongs to …") is not.
 */
export function writtenInChinese(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const letter = /\p{L}/u.exec(text);
  return letter !== null && CJK.test(letter[0]);
}

/** A number or a short string of our own (a date, a limit); anything else reads as absent. */
function value(params: MessageParams, name: string): string | undefined {
  const v = params[name];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v !== '' && v.length <= 40) return v;
  return undefined;
}

function field(params: MessageParams, otherwise = '该项'): string {
  return params.label ?? otherwise;
}

/** "（2025-09-28）" when the value is there, "" when it is not. */
function paren(params: MessageParams, name: string): string {
  const v = value(params, name);
  return v === undefined ? '' : `（${v}）`;
}

/** R11: "第3条审计记录" when the event's seq is there, "审计记录" when it is not. */
function auditEvent(params: MessageParams): string {
  const seq = value(params, 'seq');
  return seq === undefined ? '审计记录' : `第${seq}条审计记录`;
}

/** R1: the kinds of decision as the regulations name them. */
const ACTION_TYPES_ZH: Readonly<Record<string, string>> = {
  license: '行政许可',
  penalty: '行政处罚',
  inspection: '行政检查',
  coercion: '行政强制',
  levy: '行政征收',
  fee: '行政收费',
  requisition: '行政征用',
};

// ---- Field labels: SPEC's decision fields as 双公示 names them, then the other inputs of the API ------------

export const FIELD_LABELS_ZH: Readonly<Record<string, string>> = {
  // A decision (POST /v1/decisions, PUT /v1/decisions/{id}).
  caseNumber: '决定书文号',
  actionType: '执法行为类别',
  party: '行政相对人',
  'party.kind': '行政相对人类别',
  'party.name': '当事人名称',
  'party.idType': '证件类型',
  'party.idNumber': '证件号码',
  'party.legalRepresentative': '法定代表人（负责人）',
  'party.birthDate': '出生日期',
  method: '执法方式',
  content: '执法内容',
  legalBasis: '执法依据',
  result: '执法决定（结果）',
  penalty: '处罚信息',
  'penalty.types': '处罚类别',
  'penalty.fineYuan': '罚款金额（元）',
  'penalty.confiscationYuan': '没收金额（元）',
  'penalty.validUntil': '处罚有效期',
  violationType: '违法行为类型',
  decisionDate: '决定日期',
  majorDecision: '重大执法决定标记',
  legalReview: '法制审核记录',
  'legalReview.opinionNumber': '法制审核意见书文号',
  'legalReview.reviewedOn': '法制审核日期',
  randomInspection: '双随机抽查信息',
  'randomInspection.endDate': '抽查结束日期',
  'randomInspection.outcome': '抽查结果',
  exemption: '不予公开信息',
  'exemption.reason': '不予公开理由',
  'exemption.note': '不予公开说明',
  'exemption.reviewOn': '复查日期',
  redactions: '遮盖标记',
  'redactions.field': '遮盖标记的字段',
  'redactions.text': '遮盖标记的文字',
  // Batch, review, withdrawal, discard, correction.
  items: '批量报送的决定',
  outcome: '审查结论',
  comment: '审查意见',
  resolutions: '个人信息处理意见',
  reason: '理由',
  explanation: '说明',
  legalEventDate: '法律事件日期',
  meanwhile: '更正期间的公开方式',
  // Lists and reports.
  status: '状态',
  from: '起始日期',
  to: '截止日期',
  limit: '每页条数',
  cursor: '翻页游标',
  agency: '执法机关',
  format: '格式',
  table: '报表',
  q: '查询内容',
  // Correction requests (R9).
  decisionId: '决定编号',
  what: '不准确的信息及更正意见',
  evidence: '证据',
  contact: '联系方式',
  'contact.name': '姓名或单位名称',
  'contact.phone': '联系电话',
  'contact.email': '电子邮箱',
  notify: '答复通知方式',
  attachments: '证据文件',
  'attachments.name': '证据文件名',
  'attachments.contentType': '证据文件类型',
  'attachments.size': '证据文件大小',
  challenge: '人机验证',
  reasons: '不予更正的理由',
  // The catalogue (R10).
  kind: '事项类别',
  title: '标题',
  body: '正文',
  itemIds: '事项编号',
  staff: '执法人员',
  'staff.certificateNumber': '执法证号',
  contacts: '联系方式',
  'contacts.website': '网站地址',
  // The calendar (R5) and settings.
  year: '年份',
  notice: '放假通知文号',
  holidays: '放假日期',
  workdays: '调休上班日期',
  time: '时间',
  name: '名称',
  'settings.agencyId': '设置中的执法机关编号',
  // The inventory of decisions a case system reports (R12, R13).
  inventories: '决定清单',
  period: '清单期间',
  'inventories.period': '清单期间',
  'inventories.decisions': '清单所列决定',
  'inventories.decisions.caseNumber': '清单所列决定的决定书文号',
  'inventories.decisions.actionType': '清单所列决定的执法行为类别',
  'inventories.decisions.decisionDate': '清单所列决定的决定日期',
  'inventories.decisions.randomInspection.endDate': '清单所列决定的抽查结束日期',
  'inventories.decisions.randomInspection.outcome': '清单所列决定的抽查结果',
  'inventories.counts': '按类别报送的决定数量',
  ...Object.fromEntries(
    Object.entries(ACTION_TYPES_ZH).map(([type, name]) => [`inventories.counts.${type}`, `${name}决定数量`]),
  ),
};

/**
 * `party.name` → 当事人名称; `redactions[2].text` or `redactions.2.text` → 遮盖标记的文字（第3项）; a path without a
 * label is named as it is written, so the reader can still find it.
 */
export function labelOf(path: string): string | undefined {
  if (path === '') return undefined;
  const positions: number[] = [];
  const bare = path
    .replace(/\[(\d+)\]|\.(\d+)(?=\.|$)/g, (_, a: string | undefined, b: string | undefined) => {
      positions.push(Number(a ?? b) + 1);
      return '';
    })
    .replace(/^\./, '');
  const label = FIELD_LABELS_ZH[bare];
  if (label === undefined) return `字段 ${path}`;
  return positions.length === 0 ? label : `${label}（第${positions.join('-')}项）`;
}

/** R7, R8: the grounds of a withdrawal as the notice names them. */
const WITHDRAW_REASONS_ZH: Readonly<Record<string, string>> = {
  revoked: '撤销',
  confirmed_illegal: '确认违法',
  confirmed_invalid: '确认无效',
  redo_ordered: '要求重新作出',
  changed: '变更',
  published_in_error: '误发布',
  emergency: '紧急撤下',
  expired: '公示期满',
};

/** The statuses of decisions, catalogue items and correction requests, as a page shows them. */
const STATUSES_ZH: Readonly<Record<string, string>> = {
  pending_review: '待审查',
  rejected: '已退回',
  publishing: '公开中',
  published: '已公开',
  exempt: '不予公开',
  withdrawn: '已撤下',
  discarded: '已作废',
  open: '待答复',
  accepted: '已采纳',
};

function reasonZh(params: MessageParams): string | undefined {
  return typeof params.reason === 'string' ? WITHDRAW_REASONS_ZH[params.reason] : undefined;
}

/** "以“撤销”为由的" when the reason is one of ours, "此类" otherwise. */
function asReason(params: MessageParams): string {
  const reason = reasonZh(params);
  return reason === undefined ? '此类' : `以“${reason}”为由的`;
}

// ---- One sentence per code -----------------------------------------------------------------------------------

export const PROBLEM_MESSAGES_ZH: Readonly<Record<string, MessageTemplate>> = {
  // The HTTP boundary (request.ts, claims.ts, correction-html.ts, the local API server).
  unsupported_media_type: () => '请求正文须以 application/json 格式发送。',
  body_required: () => '请求须附带 JSON 正文。',
  malformed_json: () => '请求正文不是有效的 JSON。',
  payload_too_large: (p) =>
    `提交的内容过大${value(p, 'limit') ? `，不得超过${value(p, 'limit')}字节` : ''}。`,
  invalid_request: (p) =>
    `${p.where === 'query' ? '查询参数' : '请求正文'}不符合要求的格式，请按 errors 中列出的字段逐项修改。`,
  invalid_query: () => '请输入统一社会信用代码、其他证照号码或决定书文号（至少4个字母或数字）。',
  invalid_if_match: () => 'If-Match 须为本接口返回的版本标识（ETag），例如 "3"。',
  invalid_idempotency_key: () => 'Idempotency-Key 须为1至200个可见的 ASCII 字符。',
  unauthorized: () => '未登录或登录凭证无效，请提供有效的访问令牌（Bearer token）。',
  forbidden_origin: () => '请通过公示网站上该决定页面的表单提交更正申请。',
  method_not_allowed: () => '该地址不支持此请求方法。',
  not_found: () => '未找到该记录：它可能不存在，或您无权查看。',
  internal_error: () => '服务器内部出错，已记录在案，请稍后再试。',
  rate_limited: (p) =>
    `请求过于频繁，请${value(p, 'retryAfter') ? `约${Math.max(1, Math.ceil(Number(p.retryAfter) / 60))}分钟后` : '稍后'}再试。`,
  busy: () => '请求过多，请稍后再试。',
  forbidden: () => '请求被拒绝。',
  // The local platform's dev sign-in for the console (infra/local/dev-sign-in.ts).
  invalid_sign_in: () => '请求正文应为 {agency, role, user}。',
  unknown_role: () => '未知角色，只能是 submitter、reviewer 或 operator。',
  invalid_agency: () => '请填写机关代码（字母、数字、点、连字符）。',
  invalid_user: () => '请填写用户名（字母、数字、点、连字符）。',

  // Who may do what (R2, R8).
  role_required: () => '您的角色无权进行此项操作。',
  agency_mismatch: () => '只能处理本机关的记录。',
  self_review: () => '审查人不得审查本人提交的版本（R2）。',
  self_confirmation: () => '撤下须由撤下人以外的审查人确认或撤销（R8）。',
  not_submitter: () => '只有该决定的报送人可以作废该决定。',
  unknown_agency: () => '登录凭证所属的执法机关未在本平台登记。',
  ambiguous_agency: () => '登录凭证指向多个执法机关，无法确定所属机关，请联系管理员核对身份认证配置。',

  // Versions, idempotency, concurrency.
  if_match_required: (p) =>
    `请在 If-Match 中注明您所依据的版本${value(p, 'currentVersion') ? `（当前为 "${value(p, 'currentVersion')}"）` : ''}。`,
  version_mismatch: (p) =>
    `您依据的版本已不是最新${value(p, 'currentVersion') ? `（当前为第${value(p, 'currentVersion')}版）` : ''}，请重新读取后再修改。`,
  conflict: () => '有人同时修改了这条记录，请重新读取后再试。',
  version_conflict: () => '有人同时修改了这条记录，请重新读取后再试。',
  idempotency_key_reused: () => '该 Idempotency-Key 已用于内容不同的另一请求。',
  idempotency_in_progress: () => '使用该 Idempotency-Key 的请求正在处理中，请稍后再试。',
  idempotency_key_used: () => '使用该 Idempotency-Key 的请求正在处理中，请稍后再试。',
  case_number_taken: () => '本机关已有使用该决定书文号的决定，决定书文号在本机关内不得重复。',
  invalid_cursor: () => '翻页游标无效，请使用本接口返回的游标。',
  record_too_large: (p) =>
    `记录过大${value(p, 'limit') ? `（超过单条记录${value(p, 'limit')}字节的上限）` : ''}，请精简文字或遮盖标记。`,
  corrupt_item: () => '存储的记录已损坏，已记录在案。',

  // Lifecycle (R2, R3, R7, R8).
  illegal_transition: (p) => {
    const status = typeof p.status === 'string' ? STATUSES_ZH[p.status] : undefined;
    if (status === undefined) return '该记录当前的状态不允许此项操作。';
    const reason = reasonZh(p);
    return reason === undefined
      ? `该记录当前为“${status}”状态，不允许此项操作。`
      : `该记录当前为“${status}”状态，不能以“${reason}”为由撤下。`;
  },
  never_published_use_discard: () => '该决定从未公开，应予作废（POST …/discard 并说明理由），而不是撤下。',
  correction_would_exempt: () =>
    '已公开的决定如不应公开，应以“误发布”（published_in_error）撤下，而不是更正。',
  meanwhile_not_applicable: () => '该决定尚未公开，更正时请不要填写 meanwhile。',
  exempt_not_publishable: () => '该决定属于不予公开的情形，不能公开（R3）。',
  not_exempt: () => '该决定不符合四平 §四(三) 规定的任何不予公开情形。',
  explanation_required: () => '撤下须填写供公示页面使用的说明。',
  comment_required: (p) => `请填写${p.label && p.label !== '审查意见' ? p.label : '意见，说明理由'}。`,
  discard_reason_required: () => '作废决定须说明理由。',
  unresolved_personal_data: (p) =>
    `尚有${value(p, 'count') ?? ''}${value(p, 'count') ? '处' : ''}疑似个人信息未处理，请逐项选择遮盖或保留后再批准（R4）。`,
  unknown_finding: () => '个人信息处理意见中有本版本不存在的疑似项，请重新读取该决定。',
  invalid_resolution: () => '疑似个人信息的处理意见只能是 mask（遮盖）或 keep（保留）。',
  personal_data_blocked: () => '待公开的内容中仍有未遮盖的个人信息，已拒绝公开（R4）。',

  // Deadlines (R5, R7).
  basis_before_decision: () => '信息变更日期不能早于决定日期。',
  legal_event_date_required: (p) =>
    `${asReason(p)}撤下须填写法律事件日期（legalEventDate，YYYY-MM-DD），3个工作日的期限自该日起算（R7）。`,
  legal_event_date_not_applicable: (p) => `${asReason(p)}撤下不基于法律事件，请不要填写法律事件日期。`,
  legal_event_in_future: (p) => `法律事件日期不能晚于今天${paren(p, 'today')}。`,
  legal_event_before_decision: (p) => `法律事件日期不能早于决定日期${paren(p, 'decisionDate')}。`,

  // Decision content (R1, R3, R4, R14).
  required: (p) => `${field(p, '必填项')}不能为空。`,
  too_long: (p) => `${field(p, '内容')}过长${value(p, 'max') ? `，最多${value(p, 'max')}个字符` : ''}。`,
  too_many: (p) => `${field(p, '条目')}数量超过上限。`,
  invalid_date: (p) => `${field(p, '日期')}须为真实存在的日期，格式为 YYYY-MM-DD。`,
  date_out_of_range: (p) => `${field(p, '日期')}早于本平台可接受的最早日期。`,
  date_in_future: (p) => `${field(p, '日期')}不能晚于今天。`,
  invalid_time: () => '时间须为 ISO 8601 格式。',
  invalid_value: (p) => `${field(p, '该值')}的取值无效。`,
  invalid_action_type: () =>
    '执法行为类别须为 license、penalty、inspection、coercion、levy、fee、requisition 之一。',
  personal_number: (p) =>
    `${field(p, '该字段')}中含有身份证号、手机号等个人号码，该字段公开时不会遮盖，请将其写入执法内容。`,
  penalty_not_allowed: () => '只有执法行为类别为行政处罚（penalty）的决定才能填写处罚信息。',
  invalid_penalty_type: () => '处罚类别无效。',
  invalid_amount: (p) => `${field(p, '金额')}须为不小于0、最多两位小数的元数。`,
  penalty_ends_before_decision: () => '处罚有效期不能早于决定日期。',
  random_inspection_not_allowed: () =>
    '只有执法行为类别为行政检查（inspection）的决定才能填写双随机抽查信息。',
  inspection_after_decision: () => '抽查结束日期不能晚于对抽查结果作出决定的日期。',
  invalid_inspection_outcome: () => '抽查结果只能是 normal（正常）或 problem（发现问题）。',
  invalid_exemption_reason: () => '不予公开理由不是规定的情形之一。',
  exemption_note_required: () => '此类不予公开须附可供核查的说明（如上级机关的决定，或法律及条款）。',
  review_date_required: () => '因可能妨碍执法而不予公开的，须填写复查日期（reviewOn）。',
  review_date_not_after_decision: () => '复查日期须晚于决定日期。',
  legal_review_required: (p) =>
    p.label && p.label !== '法制审核记录'
      ? `请填写${p.label}。`
      : '重大执法决定须附法制审核记录（意见书文号和审核日期，R14）。',
  legal_review_after_decision: () => '法制审核日期不能晚于决定日期。',
  invalid_redaction_field: () => '遮盖标记只能用于可遮盖的字段。',
  redaction_not_found: () => '遮盖标记的文字在所指字段中不存在。',
  // Identity of the party.
  invalid_resident_id: (p) =>
    `${field(p, '证件号码')}不是有效的居民身份证号码（位数、出生日期或校验码有误）。`,
  invalid_uscc: (p) => `${field(p, '证件号码')}不是有效的统一社会信用代码（位数、字符或校验码有误）。`,
  invalid_passport: () => '护照号码应为5至17位大写字母和数字。',
  invalid_party_kind: () =>
    '行政相对人类别须为 legal_person、natural_person、other_org、individual_business 之一。',
  invalid_id_type: () => '证件类型须为 uscc、resident_id、passport、other 之一。',
  party_id_type_mismatch: () => '该类行政相对人不能使用此证件类型。',
  birth_date_required: () => '没有内地居民身份证的自然人须填写出生日期（R3：未成年人信息不予公开）。',

  // Correction requests (R9).
  decision_withdrawn: () => '该决定已经撤下，不再接受更正申请。',
  already_answered: () => '该更正申请已由他人同时答复，请重新读取。',
  too_many_open_requests: () =>
    '您就该决定（或全部决定）提交的更正申请尚待答复的已达上限，请待执法机关答复后再提交。',
  challenge_failed: () => '人机验证未通过或已过期，请重新验证后提交。',
  contact_required: () => '请至少填写联系电话或电子邮箱中的一项，以便执法机关答复。',
  email_required: () => '选择邮件通知的，请填写电子邮箱。',
  invalid_phone: () => '联系电话应为手机号码或带区号的固定电话。',
  invalid_email: () => '电子邮箱格式不正确。',
  invalid_characters: (p) => `${field(p, '内容')}含有不可见的控制字符。`,
  too_many_attachments: () => '证据文件数量超过上限。',
  invalid_file_name: () => '文件名不能包含“/”或“\\”。',
  unsupported_type: () => '证据文件只接受 PNG、JPEG 图片或 PDF 文件。',
  invalid_size: (p) => `${field(p, '文件大小')}不在允许的范围内。`,
  reasons_required: () => '不予更正的，须说明理由。',

  // The catalogue (R10).
  invalid_kind: () => '事项类别须为四平 §四(四) 所列23项之一。',
  field_not_allowed: (p) => `该类事项没有${field(p, '此字段')}。`,
  certificate_looks_personal: () => '执法证号不能是或包含身份证号、手机号，请填写行政执法证上印制的证号。',
  invalid_url: () => '网站地址须为 http 或 https 地址。',
  invalid_content_type: () => '附件类型不被接受。',
  attachment_required: () => '该类事项须上传附件。',
  attachment_missing: () => '有已声明的附件尚未上传。',
  attachment_mismatch: () => '上传的附件与声明的大小或类型不符；已上传的文件不能替换，请修订事项后重新上传。',
  attachment_unbound: () => '附件未与审查的版本对应，不能公开（R2）。',
  attachment_not_approved: () => '附件与审查通过的内容不一致，不能公开（R2）。',
  agency_id_unsupported: () => '执法机关编号只能包含字母、数字、“-”和“_”，不能用作事前公开目录的页面。',
  kind_immutable: () => '事项类别不能修改，请另行提交新的事项。',
  unknown_items: () => '所列事项编号中有本机关不存在的事项。',
  unknown_item: () => '本机关没有这个编号的事项。',
  no_items_affected: () => '没有事项受此次法律变更影响。',
  too_many_items: (p) => `一次法律变更最多影响${value(p, 'max') ?? '有限数量'}个事项，请按事项编号分批登记。`,
  law_change_recorded: () => '该事项已登记过这次法律变更。',

  // The inventory of decisions (R12, R13).
  invalid_inventory_period: () => '清单期间须为存在的某一天（YYYY-MM-DD）或某一个月（YYYY-MM）。',
  inventory_period_in_future: () => '清单期间尚未开始，不能报送。',
  inventory_too_large: () => '一份清单列明的决定超过上限，请按日报送该期间。',
  inventory_decision_date_required: () => '按月报送的清单须写明每个决定的决定日期。',
  inventory_date_outside_period: () => '决定日期不在清单期间内。',
  inventory_date_in_future: () => '决定日期不能晚于今天。',
  inventory_duplicate_case_number: () => '清单中有两个决定的决定书文号实为同一文号。',
  invalid_inventory_count: () => '决定数量须为不小于0的整数，且不超过上限。',
  inventory_counts_overlap: () => '同一期间同一类别的决定，或逐个列明文号，或只报数量，不能两者兼有。',
  inventory_period_overlaps: (p) =>
    `该期间与已报送的清单期间${paren(p, 'overlaps')}重叠：一个月的决定或按日、或按月整体报送，不能两者兼有。`,

  // Reports (R12).
  year_too_early: () => '年度报告从本平台开始运行的年份起提供，请选择较晚的年份。',
  year_in_future: () => '该年度尚未开始，不能生成年度报告。',
  period_reversed: () => '截止日期不能早于起始日期。',
  period_too_long: () => '一份报表涵盖的期间过长，请分段查询。',

  // The calendar (R5) and agency settings.
  invalid_setting: () => '该设置无效：机关只能缩短法定期限，不能延长。',
  calendar_error: (p) => `工作日历无法计算${value(p, 'year') ? `${value(p, 'year')}年` : '该日期'}的工作日。`,
  invalid_year: () => '年份须为四位数字。',
  year_out_of_range: () => '工作日历不包含该年份。',
  date_outside_year: () => '日期不属于该年份。',
  festival_required: () => '放假日期须注明节日名称（元旦、春节……）。',
  unknown_field: (p) => `${field(p, '该字段')}不是放假通知的字段。`,
  notice_required: () => '须填写国务院办公厅放假通知的文号（国办发明电〔YYYY〕N号）。',
  holiday_and_workday: () => '同一天不能既是放假日又是调休上班日。',
  workday_not_weekend: () => '调休上班日须为周六或周日。',
  statutory_holiday_missing: () => '放假安排缺少法定节假日。',
  // R11: what the audit endpoint's verification says of a chain (shared/domain/audit.ts, ADR 0003, ADR 0022).
  hash_mismatch: (p) => `${auditEvent(p)}的内容与其哈希值不符，已被篡改。`,
  broken_link: (p) => `${auditEvent(p)}未链接到前一条记录，记录被删除、插入或调换了顺序。`,
  sequence_gap: (p) => `${auditEvent(p)}的序号不连续，记录被删除、插入或调换了顺序。`,
  subject_mismatch: () => '审计链中混入了其他记录的审计事件。',
  head_mismatch: () => '审计链的末尾与记录保存的链头不符，末尾的审计记录被截去。',
  anchor_mismatch: (p) =>
    `${auditEvent(p)}与表外锚定的链头（透明日志或归档的每日审计导出）不符，审计链已被改写。`,
};

/**
 * R11: an audit chain's verification as the audit endpoint answers it: a failed one says its problem in Chinese
 * too (`messageZh`), with the seq of the event it names; the English `message` stays.
 */
export function verificationZh<V extends { readonly valid: boolean }>(
  verification: V,
  events: readonly { readonly seq: number }[],
): V | (V & { readonly messageZh: string }) {
  if (verification.valid) return verification;
  const { problem, index } = verification as unknown as { problem: string; index: number };
  return { ...verification, messageZh: messageZh(problem, { seq: events[index]?.seq }) };
}

/** A code with no sentence of its own still answers in Chinese (the unit test keeps this from happening). */
const FALLBACK: MessageTemplate = () => '请求未能完成。';

export function messageZh(code: string, params: MessageParams = {}): string {
  return (PROBLEM_MESSAGES_ZH[code] ?? FALLBACK)(params);
}

// ---- Request shapes (zod issues) --------------------------------------------------------------------------------

/** The members of a zod 4 issue a sentence needs (zod/v4/core's $ZodIssue, without importing zod here). */
export interface ShapeIssue {
  readonly code: string;
  readonly message: string;
  readonly expected?: unknown;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly format?: unknown;
  readonly divisor?: unknown;
  readonly keys?: unknown;
  readonly values?: unknown;
}

const TYPE_ZH: Readonly<Record<string, string>> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  record: '对象',
  null: 'null',
  date: '日期',
  bigint: '整数',
};

/** The English texts our schemas give their own checks (schemas.ts, catalog-schemas.ts), in Chinese. */
const SCHEMA_MESSAGES_ZH: Readonly<Record<string, string>> = {
  'a date written YYYY-MM-DD (Asia/Shanghai)': '须为 YYYY-MM-DD 格式的日期（北京时间）',
  'a whole number from 1 to 100': '须为1至100的整数',
  'at most 500 resolutions': '最多500项',
  'an id of this platform': '须为本平台的编号',
  'an agency id': '须为执法机关编号（字母、数字、“-”和“_”）',
};

function count(v: unknown): string | undefined {
  return typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

/**
 * A key a caller sent is shown only when it reads as a field name (surplus, party.nmae): a key is free text,
 * and a problem answer never repeats free text (a name sent as a key).
 */
export function isFieldName(key: unknown): boolean {
  return typeof key === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/.test(key);
}

/** A few names of our own enums, or of the keys a caller sent that read as field names. */
function list(v: unknown, only: (x: unknown) => boolean = () => true): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const names = v.filter(only);
  if (names.length === 0) return undefined;
  const shown = names.slice(0, 10).map((x) => String(x).slice(0, 40));
  return `${shown.join('、')}${v.length > shown.length ? '等' : ''}`;
}

function sized(origin: unknown, n: string, bound: '最多' | '至少'): string {
  if (origin === 'string') return `${bound}${n}个字符`;
  if (origin === 'array' || origin === 'set') return `${bound}${n}项`;
  if (origin === 'file') return `${bound}${n}字节`;
  return bound === '最多' ? `不能大于${n}` : `不能小于${n}`;
}

/**
 * Each zod 4 issue code in Chinese (zod/v4/core/errors.ts). `required` is no code of zod's: a missing member is
 * an `invalid_type` whose input was undefined, said as "is required" here.
 */
export const SHAPE_MESSAGES_ZH: Readonly<Record<string, (issue: ShapeIssue, label: string) => string>> = {
  invalid_type: (issue, label) => {
    if (/received undefined/.test(issue.message)) return `${label}为必填项`;
    const expected = typeof issue.expected === 'string' ? TYPE_ZH[issue.expected] : undefined;
    return expected ? `${label}的类型不正确，应为${expected}` : `${label}的类型不正确`;
  },
  too_big: (issue, label) => {
    const n = count(issue.maximum);
    return n === undefined ? `${label}过大或过长` : `${label}${sized(issue.origin, n, '最多')}`;
  },
  too_small: (issue, label) => {
    const n = count(issue.minimum);
    if (n === '1' && (issue.origin === 'string' || issue.origin === 'array')) return `${label}不能为空`;
    return n === undefined ? `${label}过小或过短` : `${label}${sized(issue.origin, n, '至少')}`;
  },
  invalid_format: (issue, label) => {
    const known = SCHEMA_MESSAGES_ZH[issue.message];
    if (known) return `${label}${known}`;
    if (issue.format === 'email') return `${label}须为有效的电子邮箱地址`;
    if (issue.format === 'url') return `${label}须为有效的网址`;
    return `${label}的格式不正确`;
  },
  not_multiple_of: (issue, label) => {
    const n = count(issue.divisor);
    return n === undefined ? `${label}的数值不符合要求` : `${label}须为${n}的整数倍`;
  },
  unrecognized_keys: (issue, label) => {
    const keys = list(issue.keys, isFieldName);
    const where = label === '请求' ? '' : `${label}中`;
    return keys ? `${where}有不认识的字段：${keys}` : `${where}有不认识的字段`;
  },
  invalid_union: (_issue, label) => `${label}不符合任何一种允许的格式`,
  invalid_key: (_issue, label) => `${label}中有无效的键`,
  invalid_element: (_issue, label) => `${label}中有无效的元素`,
  invalid_value: (issue, label) => {
    const values = list(issue.values);
    return values ? `${label}须为以下之一：${values}` : `${label}的取值无效`;
  },
  custom: (issue, label) => {
    const known = SCHEMA_MESSAGES_ZH[issue.message];
    return known ? `${label}${known}` : `${label}不符合要求`;
  },
};

/** One zod issue at `path` ('' for the whole body or query) as a sentence in Chinese. */
export function shapeMessageZh(issue: ShapeIssue, path: string): string {
  const label = labelOf(path) ?? '请求';
  const sentence = SHAPE_MESSAGES_ZH[issue.code];
  return sentence ? sentence(issue, label) : `${label}不符合要求`;
}
