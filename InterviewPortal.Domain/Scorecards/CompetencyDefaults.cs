using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Domain.Scorecards;

/// <summary>The competencies each round starts with (HR may change them). Fixed ids, so the seed is stable.</summary>
public static class CompetencyDefaults
{
    public static IReadOnlyList<Competency> All() =>
    [
        .. Round(InterviewRound.Screening, 0x10,
            ("岗位匹配", "经历与技能和岗位要求的契合程度"),
            ("沟通表达", "表达清晰、条理分明，能准确理解问题"),
            ("求职动机", "对岗位和公司的兴趣与理由"),
            ("期望匹配", "薪资、到岗时间、工作地点等期望是否可行")),
        .. Round(InterviewRound.Technical, 0x20,
            ("专业技能", "岗位所需技术的掌握深度与熟练程度"),
            ("问题解决", "分析问题、拆解思路、找到可行方案的能力"),
            ("系统设计", "架构取舍、可扩展性与可靠性的考虑"),
            ("沟通表达", "讲清技术方案，理解并回应追问"),
            ("学习能力", "掌握新知识、从经验中改进的速度")),
        .. Round(InterviewRound.Manager, 0x30,
            ("执行与交付", "目标拆解、推进落地、按时交付的记录"),
            ("团队协作", "跨团队合作、处理分歧的方式"),
            ("责任心", "对结果负责，主动发现并解决问题"),
            ("沟通表达", "向上汇报、向下传达是否清楚有效"),
            ("成长潜力", "承担更大职责的可能性")),
        .. Round(InterviewRound.HR, 0x40,
            ("文化契合", "价值观与公司文化是否一致"),
            ("职业动机", "职业规划与岗位发展是否匹配"),
            ("稳定性", "过往任职时长与离职原因"),
            ("沟通表达", "沟通是否坦诚、清晰")),
        .. Round(InterviewRound.Final, 0x50,
            ("综合能力", "专业能力与经验的整体水平"),
            ("领导力", "影响他人、带领团队达成目标"),
            ("战略思维", "理解业务方向，做出长期判断"),
            ("文化契合", "与公司价值观和团队的契合程度")),
    ];

    private static IEnumerable<Competency> Round(InterviewRound round, int prefix, params (string Name, string Description)[] items) =>
        items.Select((c, i) => new Competency(new Guid($"5c0ec000-0000-0000-0000-0000000000{prefix + i + 1:x2}"), round, i + 1, c.Name, c.Description));
}
