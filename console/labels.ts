/** The console's Chinese names for what the API answers in codes. */
export { ACTION_TYPE_LABELS, PARTY_KIND_LABELS } from '../shared/domain/decision.ts';

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  submitter: '提交人（执法人员）',
  reviewer: '审查人',
  operator: '运维与监督',
};

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  method: '执法方式',
  content: '执法内容',
  legalBasis: '法律依据',
  result: '执法决定（结果）',
  violationType: '违法行为类型',
};

export const FINDING_KIND_LABELS: Readonly<Record<string, string>> = {
  person_name: '姓名',
  party_given_name: '当事人名字',
  address: '住址',
  passport: '护照号码',
  permit: '通行证号码',
  licence_plate: '车牌号码',
  minor_age: '未成年人年龄',
  resident_id: '身份证号码',
  mobile: '手机号码',
  landline: '固定电话',
  email: '电子邮箱',
  bank_card: '银行卡号',
};

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending_review: '待审查',
  rejected: '已退回',
  publishing: '公开中',
  published: '已公开',
  exempt: '不予公开',
  withdrawn: '已撤下',
};

/** The suggestions of the sign-in's agency field: the agencies the local platform registers (agencies.json). */
export const LOCAL_AGENCIES: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'siping-gxj', name: '四平市工业和信息化局' },
  { id: 'changzhi-gxj', name: '长治市工业和信息化局' },
  { id: 'province', name: '省政务服务和数据管理局' },
];
