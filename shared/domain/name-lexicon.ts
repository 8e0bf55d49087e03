/**
 * R4: the words the name detector of suspected.ts reads enforcement prose by: surnames, the roles and
 * relations that introduce a third person (证人, 其子, 执法人员), the words that follow a name (称, 证实, 在场),
 * and the ordinary words and places that start like a name (高度, 张家界). Data, kept apart from the scan, so a
 * word is added without reading the code that uses it.
 */
const words = (...lines: string[]): string[] => lines.join(' ').split(/\s+/u).filter(Boolean);

/**
 * Single-character surnames: the common ones of 百家姓 and of today's population, less those that are far more
 * often a word of their own than a surname (和 都 那 来 门 国 平 …): a name with one of those is missed, but
 * every 和 of 张三和李四 would otherwise start one.
 */
export const SURNAMES: ReadonlySet<string> = new Set([
  ...words(
    '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘',
    '于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 傅 方 白 邹 孟 熊 秦 邱',
    '江 尹 薛 闫 阎 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢',
    '安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童',
    '凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳',
    '时 穆 农 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 米 柏 宗 瞿 桂 佟 应 臧 闵',
    '苟 邬 边 卞 姬 师 仇 栾 隋 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 冀',
    '郁 胥 班 储 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 盘 闻 厉 伊 仝 郜 阚 花 权 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆',
    '巴 丰 卿 狄 计 索 宣 晋 敬 扈 晁 芮 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 乌 母 裘 亓 修 邰 赫 杭 况 宿 鲜 逯 隆 茹',
    '诸 慕 危 亢 嵇 哈 湛 宾 戎 勾 茅 呼 揭 尉 冶 束 檀 昝 奉 植 衡 尧 闭 贲 糜 邴 蓬 逄 钮 龙 韶 郦 滑 蔚 璩',
    '汝 鄂 邓 乜 养 鞠 须 丘 骞 曹 阎 臧 祁 毋 沃 蔺 莘 弓 濮 牧 隗 訾 苍 於 暴 冒 庹 眭 佴 麴 汲 荀 郗 蒯 刁 洪',
    '贝 竺 逢 谯 郇 蓟 赖 萧',
    // Traditional forms of the commonest.
    '張 劉 陳 楊 黃 趙 吳 孫 馬 鄭 謝 許 韓 馮 鄧 葉 蘇 呂 盧 薑 鍾 譚 陸 錢 龔 嚴 湯 顧 聶 龐 顏 賈 魯 萬 蕭 歐 溫 賴',
    '賴 黎 邱 藍 程',
  ),
]);

/** Characters never (or almost never) in a given name: words of the sentence that follows or precedes one. */
export const NOT_IN_GIVEN_NAME: ReadonlySet<string> = new Set(
  words(
    '称 在 的 了 等 是 系 与 及 向 对 将 把 被 从 到 已 也 都 又 曾 未 不 没 无 因 驾 持 说 讲 之 即 就 则 且 并 还',
    '再 各 均 每 给 让 叫 使 请 据 凭 随 替 帮 跟 往 朝 沿 趁 离 距 拒 擅 私 但 却 该 此 其 这 那 他 她 它 们 个 年',
    '日 时 岁 男 女 住 于 为 由 经 当 所 以 负 带 拿 用 现 后 自 按 证 陈 供 签 确 述 某 公 司 店 厂 局 镇 村 县 市',
    '区 乡 省 路 街 号 室 人 员 者 着 过 吗 呢 吧 啊 或 虽 故 而 乃 得 地 处 查 名 作 做 去 上 下 内 外 前 里 间 件',
    '次 份 张 条 辆 台 只 斤 米 吨 箱 瓶 袋 包 盒 套 位 零 〇 两 多 些',
  ),
);

/** Characters that, right after a name, start the next word: a weak sign the name ended there. */
export const WEAK_STOP: ReadonlySet<string> = new Set(
  words(
    '未 已 曾 也 都 又 不 没 无 因 在 于 到 对 向 将 把 被 从 由 与 和 及 等 是 系 为 经 现 正 均 即 就 并 还 再 先',
    '后 同 当 另 则 且 亦 遂 便 立 随 于 拒 擅 私 自 亲 驾 开 骑 持 带 拿 用 使 购 买 卖 销 售 收 付 交 提 出 进 作',
    '做 负 管 看 查 发 告 报 举 投 签 写 填 说 讲 称 答 问 介 反 承 确 陈 供 证 表 指 认 明 知 听 见 回 来 去 上 下',
    '的 之 了 着 过 家 住 今 时 年 月 日 称 岁 作 担 任 主 协 配 参 陪 接 送 找 叫 让 请 给 替 帮 跟 离 搬 租 雇 聘',
  ),
);

/**
 * Roles, relations and procedural words after which a name follows: 证人张三, 其子张小宝, 执法人员张三、李四. The
 * longest one matching wins, so 现场负责人 and 负责人 both end where the name starts.
 */
export const ROLE_CUES: ReadonlySet<string> = new Set(
  words(
    // The proceeding.
    '证人 见证人 举报人 投诉人 报案人 报警人 知情人 目击者 目击证人 当事人 被检查人 被询问人 被调查人 询问人 调查人',
    '检查人 记录人 记录员 承办人 承办人员 审核人 审批人 批准人 送达人 受送达人 签收人 代收人 委托代理人 代理人',
    '受托人 委托人 监护人 法定监护人 陪同人 陪同人员 翻译人员 鉴定人 陈述人 申辩人 听证主持人 主持人 书记员 执法人员',
    '工作人员 执法队员 执法员 民警 警官 辅警 协管员 网格员 村干部 村支书 村主任 书记 主任 局长 副局长 科长 副科长',
    '所长 副所长 队长 副队长 中队长 大队长 站长 联系人 经办人 申请人 被申请人 第三人 复议申请人 原告 被告 上诉人',
    '被上诉人 违法行为人 行为人 嫌疑人 受害人 被害人 伤者 死者 患者 病人 购买人 购买者 买受人 出卖人 供货人 送货人',
    '收货人 寄件人 收件人 消费者 顾客 乘客 车主 房东 房主 业主 户主 租户 承租人 出租人 承包人 发包人 雇主 代表',
    // The business.
    '员工 职工 雇员 店员 营业员 收银员 服务员 厨师 帮厨 面点师 会计 出纳 保安 保洁员 保洁 司机 驾驶员 驾驶人 押运员',
    '装卸工 工人 技术员 质检员 安全员 电工 焊工 操作工 操作员 管理员 销售员 业务员 导购 导购员 快递员 配送员 外卖员',
    '骑手 药师 执业药师 医师 医生 护士 兽医 教师 老师 校长 园长 经理 总经理 副经理 店长 厂长 主管 负责人 现场负责人',
    '安全负责人 质量负责人 技术负责人 法定代表人 法人代表 股东 董事长 董事 监事 实际控制人 经营者 实际经营者 投资人',
    '出资人 合伙人 老板 老板娘 店主 摊主 学徒 帮工 临时工 厨工 司炉工 锅炉工 班长 组长 车间主任 仓管员 库管员',
    // The family and the neighbours.
    '其妻 其夫 其子 其女 其父 其母 其兄 其弟 其姐 其妹 其侄 其孙 其孙子 其孙女 其女婿 其儿媳 其岳父 其岳母 其外甥',
    '其丈夫 其妻子 其儿子 其女儿 其父亲 其母亲 其哥哥 其姐姐 其弟弟 其妹妹 其爱人 其配偶 其亲属 其朋友 其同事',
    '妻子 丈夫 儿子 女儿 父亲 母亲 哥哥 姐姐 弟弟 妹妹 爱人 配偶 孙子 孙女 外孙 外孙女 侄子 侄女 儿媳 女婿 岳父',
    '岳母 外甥 外甥女 外孙子 侄儿 亲戚 亲属 家属 表哥 表弟 表姐 表妹 堂兄 堂弟 舅舅 叔叔 阿姨 姑姑 伯父 邻居 朋友 同学 同事 室友 男友',
    '女友 前妻 前夫 未婚妻 未婚夫 男子 女子 男孩 女孩 男童 女童 少年 少女 儿童 小孩 孩子 幼儿 老人 村民 居民 市民',
    '群众 学生 未成年人 游客 网友 用户 会员 客户 投保人 被保险人 借款人 出借人 担保人 付款人 收款人 账户名',
    '之妻 之夫 之子 之女 之父 之母 之兄 之弟 之姐 之妹 之孙 之侄 的妻子 的丈夫 的儿子 的女儿 的父亲 的母亲 的哥哥 的姐姐 的弟弟 的妹妹 的员工',
    '商户 摊贩 经销商 供应商 供货商 批发商 代理商 农户 养殖户 住户 个体户 业户 店家 厂家 卖家 买家 主播 房客 租客',
    // Naming words.
    '名叫 名为 叫做 姓名 化名 户名 签名 署名',
    // More roles, relations and trades of the prose of other agencies (traffic, environment, health, labour, tax,
    // public order, culture).
    '乘车人 乘员 同乘人 车辆所有人 登记所有人 所有人 实际驾驶人 被侵害人 侵害人 被处罚人 违法嫌疑人 受伤者 来访人',
    '信访人 纳税人 扣缴义务人 办税人员 办税员 财务人员 财务负责人 环保负责人 安全管理人员 管理人员 销售人员 操作人员',
    '监测人员 采样人员 检测人员 承办人员 执法队员 城管队员 队员 监督员 卫生监督员 消防监督员 人事专员 专员 翻译',
    '渔民 牧民 农民 农民工 劳动者 包工头 工头 导游 演员 旅客 住宿旅客 租客 护工 保姆 月嫂 代驾 记者 律师 实习生',
    '婆婆 公公 奶奶 爷爷 外婆 外公 姥姥 姥爷 嫂子 姐夫 妹夫 弟媳 姑父 姨妈 舅妈 婶婶 继父 继母 养父 养母 男朋友',
    '女朋友 前男友 前女友 同居人 其婆婆 其公公 其嫂子 其姐夫 其妹夫 其表弟 其表哥 其堂弟 其侄子 其外甥女',
  ),
);

/** Verbs after which a name may follow (询问了张三): weaker than a role, so the name must visibly end. */
export const VERB_CUES: ReadonlySet<string> = new Set(
  words(
    '询问 询问了 告知 委托 安排 雇佣 雇用 聘用 聘请 招用 指派 通知 联系 带领 陪同 要求 发现 找到 约谈 传唤 走访',
    '走访了 询问过 会同 协同 交由 交给 转交 由其 派 让 叫 请 由 与 和 及 同 跟 对 向 给 借给 卖给 租给 售给',
    '转让给 送给 付给 转给 发给 变更为 登记为 指定 委派 雇请 由于 对于 关于 至于 鉴于 基于 属于 位于 处于 终于',
    '租用 租赁 借用 拖欠 组织 允许 通过 帮助 指使 授意 纵容 容留 殴打 打伤 辱骂 威胁 招募 收留 出借给 支付给 为',
  ),
);

export const MAX_CUE = 7;

/**
 * What follows a name and says it was one (张三称, 李四证实, 王五在场, 赵六等人): found by these alone, without a
 * role before it.
 */
export const RIGHT_CUES: ReadonlySet<string> = new Set(
  words(
    '称 证实 证明 在场 到场 等人 陈述 供述 承认 表示 说 讲述 介绍 反映 交代 指认 确认 签字 签名 捺印 作证 辩称 负责',
    '声称 自称 报称 诉称 述称 回忆 回答 答 告知 告诉 报警 举报 投诉 出具 提供 证言 笔录 同志 先生 女士 师傅',
    '两人 二人 三人 夫妇 夫妻 父子 母子 父女 母女 兄弟 姐妹 之子 之女 之妻 之夫 之父 之母 的妻子 的丈夫 的儿子',
    '的女儿 的父亲 的母亲 的哥哥 的姐姐 的弟弟 的妹妹 的朋友 的同事 的亲戚 的邻居 系该 系本 系其 系当事人 系公司',
    '是该 驾驶 持有 家住 现住 住址 户籍 身份证 本人 辩解 解释 坦言 坦承 供称 作为 律师 医生 老师 经理 警官',
    '的陈述 的供述 的证言 的证词 的笔录 的询问笔录 的举报 的投诉 的签名 的身份证',
  ),
);

/** Words that, after a name, begin the rest of the sentence: a strong sign the name ended there. */
export const RIGHT_WORDS: ReadonlySet<string> = new Set([
  ...RIGHT_CUES,
  ...words(
    '负责 经营 担任 从事 受雇 受聘 受 在 于 未 已 曾 均 现 正在 当场 当时 当即 随即 立即 亲自 擅自 私自 独自 无法',
    '不能 没有 拒绝 拒不 驾车 开车 骑车 购买 销售 出售 收取 收银 作为 作 为 是 系 和 与 及 等 也 都 又 因 向 对',
    '将 把 被 从 到 由 于 曾经 已经 同意 要求 请求 申请 签收 领取 帮助 协助 配合 参与 一起 一同 共同 分别 各自',
    '的 之 家 住 今年 现年 年仅 时年 签订 签署 订立 达成 发生 合伙 合作 一致',
  ),
]);

export const MAX_RIGHT = 6;

/** Characters that may stand just before a name that a right cue found (由张三负责, 与李四一起). */
export const LEFT_PARTICLES: ReadonlySet<string> = new Set(
  words(
    '由 与 和 及 同 对 向 从 自 在 据 经 被 让 叫 请 派 将 把 给 跟 找 问 另 且 并 后 即 时 其中 以及 还有 包括 如',
  ),
);

/**
 * Ordinary words that start with a surname character: 高度重视, 安全带, 车辆 and 查看 are not names, whatever
 * stands around them.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  words(
    '查看 查验 查明 查获 查封 查处 查阅 查询 查实 查扣 查找 查证 查清 程序 管理 管控 管道 关于 关系 关闭 关联 包括',
    '包装 包含 安排 安装 安全 安置 方便 方式 方法 方面 方可 万元 万余 余元 余件 余额 余下 时间 时段 时限 时候 于是',
    '向其 向上 成立 成本 成功 成品 成分 成年 成为 许可 许多 严格 严重 明确 明知 明显 金额 金属 黄金 白色 黄色 常规',
    '常年 常住 常务 文件 文书 文字 文化 尚未 尚有 单位 单价 单据 费用 应当 应该 应急 应予 解除 解释 解决 车辆 车间',
    '车主 车牌 车身 车内 路面 路段 路口 路边 卫生 毛重 毛利 项目 项下 师傅 强制 苗木 谷物 宁可 平时 平台 齐全 蓝色',
    '花费 农药 农产品 农村 农民 商品 商家 商户 商铺 麻将 房屋 房间 房产 房东 房主 储存 储藏 冷藏 冷冻 戴着 任何 任务',
    '任意 连续 连同 连锁 陆续 季度 景区 段落 牛肉 牛奶 羊肉 马上 马路 龙头 曾经 曾在 宣传 宣称 顾客 顾问 游客 游戏',
    '简称 简易 易燃 易于 封存 封条 边缘 温度 沙发 施工 施行 田间 田地 林业 林地 杜绝 毕业 左右 左侧 夏季 钟表 庞大',
    '凌晨 童装 申请 申辩 申报 申领 申明 谈话 谈到 陈述 陈列 陈旧 陈设 江边 石材 石头 水果 高度 高温 高价 高于',
    '连夜 连日 罗列 高达 高压 高额 甘肃 曾多 曾有 曾任 曾用 尚需 程度 秦岭 何时 何处 何种 何况 吴某 苏醒 叶片 周边 周围 周末 周日 周一 周期 周岁 周转',
    '周知 孙子 孙女 雷同 洪水 韩国 华侨 华人 古董 古玩 吉祥 米面 米粉 米线 米饭 柏油 宗教 桂花 池塘 麻醉 官方',
    '燕窝 楚雄 皮肤 皮革 皮鞋 楼层 楼道 楼梯 楼下 楼上 井盖 祖国 漆面 丰富 计划 计算 计量 索要 宣布 晋升 敬请 伏天',
    '鹿茸 薄膜 雍正 羊毛 乌龙 母亲 修改 修理 修复 赫然 杭州 宿舍 鲜花 鲜肉 隆重 茹素 危险 危害 危及 呼吸 呼叫 揭露',
    '尉氏 束缚 檀香 奉献 植物 衡量 冶炼 鞠躬 须知 丘陵 汝州 暴力 冒充 荀子 谷歌 盛装 盛行 史料 康复 温州 温暖 郑州',
    '苏州 常州 柳州 宁波 沈阳 岳阳 邵阳 安阳 包头 唐山 武汉 武装 齐河 鲁山 华山 黄山 泰山 蒙古 海南 江苏 江西 湖南',
    '云南 贵州 福建 广东 吉林 黑龙江 辽宁 山东 山西 河南 河北 湖北 浙江 安徽 四川 陕西 青海 宁夏 新疆 西藏 内蒙古',
    '上海 北京 天津 重庆 香港 澳门 台湾 广西 甘南 金华 金山 白山 白城 通化 四平 长春 延边 松原 辽源 白云 黄河 长江',
    '钱款 钱财 钱包 石家庄 张家口 张家界 马鞍山 贺兰 汤阴 冯家 朱家 何家 李家 王家 张家 刘家 陈家 赵家 孙家 周家',
    '吴家 郑家 杨家 黄家 高家 林家 罗家 马家 胡家 郭家 徐家 曹家 彭家 潘家 于家 蒋家 蔡家 姜家 崔家 谭家 田家 董家',
    '袁家 梁家 宋家 唐家 韩家 邓家 谢家 沈家 卢家 傅家 余家 杜家 叶家 程家 魏家 苗家 鲍家 阳光 阳台 席子 卫星 米黄',
    '柴油 邢台 贾汪 甘草 于洪 花卉 花生 花园 花店 蒲公英 蔡甸 江岸 江汉 洪山 龙岗 罗湖 福田 宝安 南山 盐田 金水',
    '顾及 顾虑 任职 任命 任期 应用 应聘 应付 应收 雷电 雷达 鲁莽 齐心 齐备 白天 白酒 白糖 米酒 黄酒 黄豆 黄瓜 黄牛',
    '马匹 马甲 牛羊 牛皮 羊群 鱼类 石油 石膏 石灰 金银 金融 钱币 毛巾 毛发 毛衣 毛料 车库 车票 车费 车队 车行 路人',
    '路过 路线 时任 时至 时隔 时值 时效 时常 时期 时代 时节 时尚 文明 文物 文具 文娱 方向 方案 方位 包括 包间 包厢',
    '包裹 包子 万一 万分 万能 向前 向后 向下 向外 向内 向东 向西 向南 向北 向来 于此 于当 高兴 高中 高层 高速 高清',
    '安检 安保 安徽 安稳 安静 安心 安放 安抚 安宁 单独 单方 单身 单次 费率 冷却 冷库 冷饮 储值 储物 施加 施肥 申购',
    '谈判 管辖 管护 管线 管网 管材 管件 管子 封闭 封装 封口 边界 边境 边角 温馨 温室 沙子 沙土 沙石 房租 房款 房源',
    '连接 连线 陆地 陆路 季节 段位 牛排 马桶 龙虾 曾用名 宣讲 游泳 游乐 简单 简介 简历 易碎 易拉罐 庞然 凌乱 童车',
    '童鞋 米袋 季末 钟点 伍佰 伍拾 柯达 苗圃 苗头 秦皇岛 陶瓷 陶器 艾草 艾灸 葛根 阮囊 童年 乔装 熊猫 熊掌 潘多拉',
    '杜鹃 甘蔗 甘露 岳父 岳母 梅花 梅雨 竹林 兰花 菊花 桑拿 桑葚 樊笼 房车 房贷 田园 田野 林木 林场 林区 史上 史无',
    '夏天 夏令 宋体 秦朝 唐朝 汉朝 明朝 清朝 元朝 宁静 宁愿 孔洞 孔雀 鲁菜 湘菜 粤菜 川菜 苏菜 江湖 江面 江河 石料',
    '万家 百家 柳树 杨树 杨柳 柏树 桂林 桂圆 梁柱 华为 华润 华联 华夏 金龙 龙井 白沙 红塔 戴尔 苗族 满族 回族 蒙族',
    '严禁 严厉 严肃 严查 严防 严密 严控 严把',
  ),
);

/** The character after a place's name: its level (镇, 市, 区 …) or the kind of place (路, 店, 馆 …). */
export const PLACE_NEXT = /^[镇村县市区乡省州屯寨路街巷楼店厂局馆院站园场]$/u;

/** The last character of a place's name: 王庄镇, 李家村, 赵县, 白云山. */
export const PLACE_END = /[镇村县市区乡界屯寨省州院馆]$/u;

export const PLACE_END_WEAK = /[山江河湖岛湾港峪岭沟坡坪塘堡寺关岗洼营集桥口]$/u;

/** What ends the name of a company, a shop or a place glued to the characters after a surname. */
export const ORGANISATION_SUFFIX =
  /有限|珠宝|金行|茶庄|药业|家纺|乳业|粮液|扑克|雪糕|糕团|广场|出行|大药房|化妆品|公司|集团|厂|店|商行|超市|经营部|门市|合作社|中心|医院|诊所|药房|药店|酒店|宾馆|饭店|餐厅|餐馆|学校|幼儿园|工作室|事务所|加工|养殖|农场|网吧|会所|协会|委员会|银行|商场|市场|批发|体育|用品|科技|贸易|实业|商贸|食品|服饰|建材|物流|文化|传媒|百货|牌|[镇村县市区乡界屯寨省州山江河湖岛湾港峪岭沟路街道]/u;

/**
 * Real surnames that are far more often words of their own (和 都 国 平 全 明 海 云 …): a name starting with one
 * is taken only on strong evidence, a role before it and a clear end after it, or a place in a list of names.
 */
export const WORD_SURNAMES: ReadonlySet<string> = new Set(
  words(
    '和 都 那 门 国 平 全 明 强 海 云 原 来 区 阿 商 相 计 支 富 智 展 信 容 印 衣 居 元 干 初 位 满 南 乐 普 战 幸 司',
    '公 利 由 阴 玉 银 但 斯',
  ),
);

/** The last character of a trade or a title the lists above do not know: 面包师, 美容员, 搬运工, 村长, 骑手, 护士. */
export const ROLE_SUFFIXES: ReadonlySet<string> = new Set(words('师 员 工 长 手 士'));

/** Words that start a predicate right after its subject: 在, 向, 于, 拒绝, 作为 … (not 的, 和, 等: 胡椒粉等). */
export const PREDICATES: ReadonlySet<string> = new Set(
  words(
    '在 于 向 对 将 把 被 从 到 由 因 曾 已 未 均 现 称 说 是 系 为 正在 当场 当时 当即 随即 立即 亲自 擅自 私自',
    '无法 不能 没有 拒绝 拒不 驾车 开车 购买 销售 出售 收取 作为 同意 要求 申请 签收 领取 负责 经营 担任 从事',
    '受雇 受聘 曾经 已经 多次 一直 长期 当日 当天 当晚 当月 与当事人 和当事人 同当事人 与其 和其',
    '持 先 自 当庭 当面 通过 利用 仍 便 遂 伙同 明知 主动 报警 发现 和她 和他 与她 与他 同其',
  ),
);

/** Adverbs between a name and what it did: 李四均证实, 王五也在场, 二人当场承认. */
export const ADVERBS: ReadonlySet<string> = new Set(
  words(
    '均 都 也 亦 又 还 皆 一致 一同 共同 分别 当场 当即 同时 曾经 已经 已 曾 未 没有 并未 均未 均已 拒不 拒绝 无法 不 再次 多次 也已 亦未 当面 现场',
  ),
);

/**
 * Characters common in given names (伟 芳 秀英 志强 …): a surname and two of them (莫少华, 尚德福) are taken as a
 * name where nothing else shows one (after a verb, in a list after a verb, before a verb the lists do not know),
 * so long as they are not a common word, a place or a company. Characters that usually end a place's or a
 * company's name (山 江 河 州 城 …) and those that are words of their own nearly everywhere (一 中 有 时 …) are
 * left out.
 */
export const GIVEN_CHARS: ReadonlySet<string> = new Set(
  words(
    '伟 刚 勇 毅 俊 峰 强 军 平 保 东 文 辉 力 明 永 健 世 广 志 义 兴 良 海 仁 波 宁 贵 福 生 龙 元 全 国 胜 学',
    '祥 才 武 新 利 清 飞 彬 富 顺 信 杰 涛 昌 成 康 星 光 达 安 岩 茂 进 林 坚 彪 博 诚 敬 震 振 壮 思 群 豪 邦',
    '承 乐 绍 功 松 善 厚 庆 磊 民 友 裕 哲 超 浩 亮 政 谦 奇 翰 朗 伯 宏 鸣 朋 斌 梁 栋 维 启 克 伦 翔 旭 鹏 泽',
    '晨 辰 建 树 炎 德 泰 盛 雄 琛 钧 冠 腾 楠 榕 航 弘 宇 轩 然 涵 睿 梓 晓 小 红 春 秋 冬 金 玉 宝 根 长 立 少',
    '秀 英 华 慧 巧 美 娜 静 淑 惠 珠 翠 雅 芝 萍 娥 玲 芬 芳 燕 彩 菊 兰 凤 洁 梅 琳 素 云 莲 雪 荣 爱 霞 香 月',
    '媛 艳 瑞 佳 嘉 琼 勤 珍 贞 莉 桂 娣 璐 娅 琦 晶 妍 茜 珊 莎 锦 黛 青 倩 婷 婉 娴 瑾 颖 露 瑶 怡 婵 雁 蓓 仪',
    '丹 蓉 君 琴 蕊 薇 菁 梦 岚 婕 馨 韵 咏 卿 聪 澜 纯 毓 悦 昭 冰 爽 琬 茗 羽 欣 育 滢 筠 柔 凝 欢 枫 芸 菲',
    '丽 娟 敏 鑫 帆 凯 铭 晖 琪 婧 璇 雯 萱 彤 玥 蕾 晴 阳 帅 财 喜 森 旺 军 虎 豹 鹤 坤 乾 毅 鸿 杨 柏',
  ),
);
