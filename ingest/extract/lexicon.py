"""Word lists the extraction rules are built from.

These are the project's own lists of the vocabulary of Chinese party and
government reports: posts, bodies, programme head nouns, cue words. They
are data: extend them here rather than in the rules.
"""

from __future__ import annotations

__all__ = [
    "ROLE_WORDS",
    "ROLE_EXCLUDE",
    "LEVEL_WORDS",
    "ORG_BODIES",
    "DEPARTMENT_STEMS",
    "COLLECTIVE_PREFIXES",
    "PROGRAM_HEADS",
    "PROGRAM_KIND_BY_HEAD",
    "POLICY_DOC_HEADS",
    "NOT_PROGRAM_AFTER",
    "ESTABLISHED_PROGRAMS",
    "GENERIC_TERMS",
    "QUANTITY_UNITS",
    "QUANTITY_HEADS",
    "HELP_KINDS",
    "SURNAMES",
    "KNOWN_PEOPLE",
    "PERSON_CUES",
]

# --- roles -----------------------------------------------------------------
# Posts and categories of helpers. Longest match wins, so 村党组织书记 beats 党组织书记.
ROLE_WORDS: frozenset[str] = frozenset(
    """
    第一书记 驻村第一书记 党委书记 党委副书记 党组书记 党支部书记 支部书记 总支书记
    村党支部书记 村党组织书记 党组织书记 村支书 村支部书记 村党总支书记
    省委书记 市委书记 州委书记 县委书记 区委书记 旗委书记 镇党委书记 乡党委书记 乡镇党委书记
    街道党工委书记 纪委书记 县委副书记 市委副书记 区委副书记 乡镇党委副书记
    组织部长 宣传部长 统战部长 县委常委 市委常委 区委常委
    省长 副省长 市长 副市长 州长 副州长 县长 副县长 区长 副区长 旗长 乡长 副乡长 镇长 副镇长
    村主任 村委会主任 村委主任 居委会主任 社区书记 社区主任
    秘书长 副秘书长 办公室主任 办公室副主任 局长 副局长
    帮扶责任人 结对帮扶责任人 驻村工作队员 驻村工作队成员 工作队员 驻村队员 驻村干部 扶贫干部
    扶贫专干 大学生村官 科技特派员 农技员 农技人员 党建指导员 选调生 驻村工作队长 驻村工作队队长
    村三职干部 三职干部 村医 乡村医生 护林员 生态护林员 信息员 网格员 联络员
    县级领导 市级领导 区级领导 省级领导 州级领导 乡级领导 镇级领导 厅级领导 县级领导干部
    市级领导干部 区级领导干部 乡镇领导干部 县处级领导 县处级干部 厅级干部 处级干部 科级干部
    乡科级干部 副科级干部 正科级干部 县直单位干部
    致富带头人 党员致富带头人 产业带头人 创业致富带头人 经济能人
    """.split()
)

# Bare words that look like posts but are generic (ANNOTATION.md convention 5),
# or heads of bodies rather than posts people are sent as.
ROLE_EXCLUDE: frozenset[str] = frozenset(
    "干部 党员干部 领导干部 主要负责人 村干部 负责人 组长 副组长 站长 部长 主任 副主任 队长 "
    "董事长 经理 总书记 书记".split()
)

# "<level>级" prefixes that make 领导/干部 a category of helpers (县级领导, 科级干部).
LEVEL_WORDS: tuple[str, ...] = ("省", "市", "州", "县", "区", "旗", "乡", "镇", "厅", "处", "科")

# --- organisations ---------------------------------------------------------
# Body nouns that end an organisation name, with the org_type they give.
# Longest suffix wins.
ORG_BODIES: dict[str, str] = {
    # party committees and their departments
    "党委": "party_committee",
    "党工委": "party_committee",
    "党组": "party_committee",
    "委员会": "party_committee",
    "组织部": "party_department",
    "宣传部": "party_department",
    "统战部": "party_department",
    "政法委": "party_department",
    "纪委": "party_department",
    "纪委监委": "party_department",
    "监委": "party_department",
    "党校": "party_department",
    "编办": "party_department",
    "组织部门": "party_department",
    "老干部局": "party_department",
    "委办": "party_department",
    "党建办": "party_department",
    # party branches
    "党支部": "party_branch",
    "党总支": "party_branch",
    "联合党支部": "party_branch",
    "临时党支部": "party_branch",
    "联合党委": "party_branch",
    # government
    "人民政府": "government_agency",
    "政府": "government_agency",
    "局": "government_agency",
    "厅": "government_agency",
    "办": "government_agency",
    "办公室": "government_agency",
    "委": "government_agency",
    "办公厅": "government_agency",
    "督查室": "government_agency",
    "中心": "other",
    "工作委员会": "party_committee",
    "工委": "party_committee",
    "法院": "government_agency",
    "检察院": "government_agency",
    # leading groups and work teams
    "领导小组": "leading_group",
    "领导小组办公室": "leading_group",
    "工作领导小组": "leading_group",
    "指挥部": "leading_group",
    "作战指挥部": "leading_group",
    "工作队": "work_team",
    "工作组": "work_team",
    "帮扶队": "work_team",
    "督查组": "work_team",
    "工作专班": "work_team",
    # economy and society
    "公司": "enterprise",
    "有限公司": "enterprise",
    "集团": "enterprise",
    "合作社": "cooperative",
    "专业合作社": "cooperative",
    "联合社": "cooperative",
    "协会": "social_org",
    "商会": "social_org",
    "工商联": "social_org",
    "工商业联合会": "social_org",
    "妇女联合会": "social_org",
    "联合会": "social_org",
    "总工会": "social_org",
    "妇联": "social_org",
    "团委": "social_org",
    "科协": "social_org",
    "残联": "social_org",
    "红十字会": "social_org",
    "基金会": "social_org",
    "宣讲团": "social_org",
    "银行": "financial_institution",
    "信用社": "financial_institution",
    "农商银行": "financial_institution",
    "农村商业银行": "financial_institution",
    "信用联社": "financial_institution",
}

# Department stems that stand between a jurisdiction and a body (县 + 农业农村 + 局).
DEPARTMENT_STEMS: frozenset[str] = frozenset(
    """
    扶贫 扶贫开发 扶贫移民 扶贫和移民 乡村振兴 农业农村 农业 农牧 林业 林业和草原 林草 水利 水务 畜牧
    畜牧兽医 交通运输 交通 自然资源 国土资源 国土 人力资源社会保障 人力资源和社会保障 人社 卫生健康
    卫健 卫生和计划生育 卫计 民政 财政 教育 教育体育 教体 医疗保障 医保 住房和城乡建设 住房城乡建设 住建
    城乡建设 发展和改革 发展改革 发改 商务 经济和信息化 经信 工业和信息化 工信 科技 科学技术 文化和旅游
    文化旅游 文旅 文化广电旅游 体育 应急管理 应急 生态环境 环保 市场监督管理 市场监管 审计 统计 税务
    信访 公安 司法 退役军人事务 国有资产监督管理 国资 供销 能源 城市管理 城管 气象 档案 机关事务 民族宗教
    统一战线 人民银行 移民 残疾人 农业综合开发 粮食 商务和粮食 大数据 行政审批 政务服务 金融 地方金融监管
    融媒体 公共资源交易 重点工作大督查 督查 组织 宣传 政策研究 党史研究 机构编制
    直机关 直属机关 农村产权交易 电子商务
    """.split()
)

# Prefixes that make an organisation a collective (各乡镇党委, 县直各派出单位).
COLLECTIVE_PREFIXES: tuple[str, ...] = ("各", "有关", "相关", "县直", "市直", "区直", "省直", "州直")

# --- programmes ------------------------------------------------------------
# Head nouns that, right after a closing quote, join the quoted name; and
# that make an unquoted phrase a programme name when it is clearly one.
PROGRAM_HEADS: tuple[str, ...] = (
    "工程",
    "计划",
    "行动计划",
    "行动",
    "机制",
    "模式",
    "制度",
    "督查制",
    "责任制",
    "工作法",
    "工作机制",
    "示范带",
    "示范区",
    "大赛",
    "品牌",
    "体系",
    "专项行动",
    "活动",
    "项目",
    "规划",
    "战略",
    "平台",
    "制",
)

PROGRAM_KIND_BY_HEAD: dict[str, str] = {
    "工程": "project",
    "项目": "project",
    "示范带": "project",
    "示范区": "project",
    "试点县": "project",
    "计划": "plan",
    "行动计划": "plan",
    "规划": "plan",
    "战略": "plan",
    "行动": "campaign",
    "专项行动": "campaign",
    "活动": "campaign",
    "大赛": "campaign",
    "机制": "mechanism",
    "工作机制": "mechanism",
    "制度": "mechanism",
    "制": "mechanism",
    "督查制": "mechanism",
    "责任制": "mechanism",
    "工作法": "mechanism",
    "体系": "mechanism",
    "办法": "policy_document",
    "模式": "model",
    "品牌": "brand",
    "平台": "brand",
}

# Heads of titles in 《》 that make them policy documents.
POLICY_DOC_HEADS: tuple[str, ...] = (
    "纲要",
    "条例",
    "意见",
    "实施意见",
    "办法",
    "方案",
    "实施方案",
    "工作方案",
    "通知",
    "规定",
    "决定",
    "规划",
    "细则",
    "法",
    "准则",
    "措施",
    "制度",
    "清单",
    "计划",
)

# Words right after a quote that say the quote is a slogan, principle, goal or
# category, not a programme (ANNOTATION.md convention 4).
NOT_PROGRAM_AFTER: tuple[str, ...] = (
    "原则",
    "理念",
    "导向",
    "精神",
    "要求",
    "目标",
    "思路",
    "作用",
    "意识",
    "格局",
    "局面",
    "氛围",
    "标准",
    "主线",
    "效果",
    "态势",
    "问题",
    "短板",
    "队伍",
    "班子",
    "成员",
    "委员",
    "正职",
    "副职",
    "干部",
    "组织",
    "党组织",
    "作风",
    "难题",
    "精神",
    "字",
    "保证",
    "方针",
    "口号",
    "称号",
    "荣誉",
    "的良好氛围",
)

# Names that are programmes without quotes (convention 4: established names).
ESTABLISHED_PROGRAMS: dict[str, str] = {
    "雨露计划": "plan",
    "希望工程": "project",
    "春蕾计划": "plan",
    "双联行动": "campaign",
    "光彩事业": "campaign",
    "千企帮千村": "campaign",
    "万企帮万村": "campaign",
    "三支一扶": "plan",
    "西部计划": "plan",
    "大学生志愿服务西部计划": "plan",
    "东西部扶贫协作": "mechanism",
    "东西部协作": "mechanism",
    "对口支援": "mechanism",
    "定点扶贫": "mechanism",
    "两学一做": "campaign",
    "三会一课": "mechanism",
    "四议两公开": "mechanism",
    "村村通": "project",
    "厕所革命": "campaign",
    "主题党日": "campaign",
}

# Quoted or unquoted terms that are generic, never programmes (convention 4).
GENERIC_TERMS: frozenset[str] = frozenset(
    """
    精准扶贫 精准脱贫 脱贫攻坚 扶贫攻坚 扶贫开发 乡村振兴 全面小康 扶贫车间 两委 两新 三保障 两不愁
    一股绳 领头羊 第一书记 贫困村 贫困户 建档立卡 软弱涣散 村企 三精准 三落实 一把手 主心骨 领头雁
    抓党建、促脱贫 抓党建促脱贫 党建+ 输血 造血 半边天 拼盘 打捆 土专家 田秀才 能工巧匠
    送出去 清零削薄 五清、六有 沉睡 三职 召回 购 捐 滴灌管道 吃饭型 建设型
    """.split()
)

# --- quantities ------------------------------------------------------------
# Measure words of the counts coverage is about.
QUANTITY_UNITS: tuple[str, ...] = ("个", "名", "人", "户", "支", "家", "位", "所", "处", "批", "对", "人次", "户次")

# What a counted thing's noun must end with to be a count coverage is about
# (ANNOTATION.md: villages, townships, teams and groups, cadres and helpers,
# party organisations, households and people helped).
QUANTITY_HEADS: tuple[str, ...] = tuple(
    sorted(
        """
        村 社区 乡镇 乡 镇 街道 乡镇(街道) 乡村 建制村 行政村 自然村 贫困村 非贫困村 村民小组 组
        队 工作队 工作组 扶贫工作组 督查组 小组 团 宣讲团
        干部 领导 人才 书记 党员 党组织 组织 支部 党支部 党总支 责任人 单位 部门 部门单位 机关
        户 农户 贫困户 家庭 人口 贫困人口 对象 贫困对象 群众 人员 队员 成员 委员 毕业生 骨干 村官 专干
        特派员 指导员 带头人 能人 青年 技术员 农技员 医生 村医 教师 志愿者 党员干部 企业 商会 合作社 队伍
        常委 县长 副县长 乡长 镇长 局长 专家 职工 律师 民警
        """.split(),
        key=len,
        reverse=True,
    )
)

# Kinds of help that `helps` links carry: researchers compare exactly these.
HELP_KINDS: dict[str, str] = {
    "定点帮扶": "fixed-point assistance by an agency or leader to a named unit (定点联系, 包联)",
    "结对帮扶": "one-to-one pairing of a helper with a household, village or weaker unit",
    "驻村帮扶": "a team or first secretary stationed in the village (驻村, 进驻, 派驻)",
    "包村联系": "a leader or cadre made responsible for a village or township (包村, 包乡, 联系点)",
    "东西部协作": "east–west cooperation between an eastern and a western region",
    "对口支援": "counterpart support between named jurisdictions",
    "挂职": "a cadre seconded to a post in the helped unit (挂职, 挂任)",
    "村企共建": "a company paired with a village (村企共建, 千企帮千村, 万企帮万村)",
    "社会帮扶": "help from social organisations, volunteers and individuals",
    "帮建": "building up a party organisation or facility (帮建, 共建)",
}

# --- people ----------------------------------------------------------------
SURNAMES: frozenset[str] = frozenset(
    """
    王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董
    袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟
    熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文
    牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符
    舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房
    滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席
    卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩
    明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠 惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼
    盘 满 闻 位 厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国 狄 平 计 索 宣
    晋 相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍 辜 羊 阿 乌 母 裘 亓 修 邰 赫 杭 况 那 宿
    鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢 嵇 公 哈 湛 宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信
    展 阴 昝 智 幸 奉 植 衡 富 尧 闭 由 欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 令狐 慕容 夏侯 长孙
    """.split()
)

# Widely named national figures whose posts reports give them.
KNOWN_PEOPLE: dict[str, str] = {
    "习近平": "总书记",
    "李克强": "总理",
    "汪洋": "主席",
    "胡春华": "副总理",
}

# Words a report writes right before a person's name that are not ROLEs of
# ANNOTATION.md: the people helped (脱贫户王某), bare posts and titles
# (干部赵某, 副局长 is a ROLE already), job titles in companies and schools.
PERSON_CUES: frozenset[str] = frozenset(
    """
    村民 脱贫户 贫困户 农户 困难户 群众 党员 老党员 无职党员 居民 户主 种植户 养殖户 种植大户
    返乡青年 大学生 老人 妇女 留守妇女 残疾人 低保户 五保户
    干部 书记 副书记 主任 副主任 队长 副队长 站长 所长 院长 校长 组长 社长 会长 理事长
    经理 总经理 董事长 负责人 技术员 专家 教授 医生 教师 老师 同志 创始人 带头人 能人
    """.split()
)
