using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Web.Features.Demo;

/// <summary>A demo account: created through the user manager, so it has an id before it exists.</summary>
public sealed record DemoStaff(string Id, string Email, string DisplayName, string Role, Guid? AgencyId);

/// <summary>
/// The demo company, built in memory through the Domain factories (so every rule holds) before anything is written.
/// Two random streams: <c>who</c> draws the people (ids, names, phones, emails, sources), so they are the same on any
/// day; <c>life</c> draws what happened to them, relative to today (stages, interviews, outcomes). Interviews fall on
/// working hours in Shanghai within two weeks either side of today, and no interviewer is ever booked closer than the
/// scheduling buffer to another of their interviews, whatever its status.
/// </summary>
public sealed class DemoCompany
{
    public const string EmailDomain = "demo.interviewportal.local";
    public const int CandidateCount = 300;
    private const int WindowDays = 14;
    private const int MaxInterviewsPerDay = 4;

    private readonly Random _who;
    private readonly Random _life;
    private readonly DateTime _now;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(Interview.DefaultTimeZone);
    private readonly DateTime _today; // local midnight, Shanghai
    private readonly HashSet<string> _phones = [];
    private readonly HashSet<string> _emails = [];
    private readonly Dictionary<string, List<InterviewSlot>> _booked = [];
    private readonly Dictionary<(string Interviewer, DateTime Day), int> _perDay = [];
    private readonly int _bufferMinutes;

    private DemoCompany(int seed, DateTime nowUtc, int bufferMinutes)
    {
        _who = new Random(seed);
        _life = new Random(unchecked((seed * 7919) + 17));
        _now = nowUtc;
        _today = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, _zone).Date;
        _bufferMinutes = bufferMinutes;
    }

    public List<DemoStaff> Staff { get; } = [];

    public List<Agency> Agencies { get; } = [];

    public List<Position> Positions { get; } = [];

    public List<Candidate> Candidates { get; } = [];

    public List<Interview> Interviews { get; } = [];

    public static DemoCompany Generate(int seed, DateTime nowUtc, int bufferMinutes)
    {
        var company = new DemoCompany(seed, nowUtc, bufferMinutes);
        company.Build();
        return company;
    }

    /// <summary>When the company "started" on the portal: before its positions and agencies.</summary>
    public DateTime FoundedUtc => Utc(_today.AddDays(-50).AddHours(10));

    private void Build()
    {
        var hr = new[] { AddStaff("chen.jing", "陈静", Roles.HR), AddStaff("liu.yang", "刘洋", Roles.HR) };
        var (backend, frontend, director, product) =
            (AddStaff("wang.lei", "王磊", Roles.Interviewer), AddStaff("li.na", "李娜", Roles.Interviewer),
             AddStaff("zhang.wei", "张伟", Roles.Interviewer), AddStaff("zhao.min", "赵敏", Roles.Interviewer));

        foreach (var (name, contact, login) in AgencyNames)
        {
            var agency = Agency.Create(NextGuid(_who), name, contact, NewPhone(), $"{login}@example.net", FoundedUtc);
            Agencies.Add(agency);
            Staff.Add(new DemoStaff(NextGuid(_who).ToString(), $"{login}@{EmailDomain}", contact, Roles.Agency, agency.Id));
        }

        PositionRound Round(InterviewRound round, int minutes, params string[] panel) => new(round, minutes, [.. panel]);
        AddPosition("后端工程师", "研发部", "上海", hr[0], Round(InterviewRound.Technical, 60, backend), Round(InterviewRound.Manager, 60, director), Round(InterviewRound.HR, 30, hr[0]));
        AddPosition("前端工程师", "研发部", "上海", hr[0], Round(InterviewRound.Technical, 60, frontend), Round(InterviewRound.Manager, 60, director), Round(InterviewRound.HR, 30, hr[0]));
        AddPosition("测试开发工程师", "质量保障部", "杭州", hr[0], Round(InterviewRound.Technical, 60, backend, frontend), Round(InterviewRound.HR, 30, hr[0]));
        AddPosition("数据分析师", "数据智能部", "北京", hr[0], Round(InterviewRound.Technical, 60, backend), Round(InterviewRound.Manager, 45, product), Round(InterviewRound.HR, 30, hr[0]));
        AddPosition("产品经理", "产品部", "北京", hr[1], Round(InterviewRound.Screening, 30, hr[1]), Round(InterviewRound.Manager, 60, product), Round(InterviewRound.Final, 60, director, product));
        AddPosition("UI 设计师", "设计中心", "深圳", hr[1], Round(InterviewRound.Technical, 60, frontend), Round(InterviewRound.Manager, 45, product), Round(InterviewRound.HR, 30, hr[1]));
        AddPosition("销售经理（华南区）", "销售部", "广州", hr[1], Round(InterviewRound.Screening, 30, hr[1]), Round(InterviewRound.Manager, 60, director), Round(InterviewRound.Final, 45, product));
        AddPosition("人力资源专员", "人力资源部", "上海", hr[1], Round(InterviewRound.Screening, 30, hr[1]), Round(InterviewRound.HR, 45, hr[0]));

        // People first, all from the "who" stream; then their stories, oldest application first, so early applicants
        // get the early interview slots.
        var people = Enumerable.Range(0, CandidateCount).Select(_ => NewCandidate()).ToList();
        foreach (var candidate in people.OrderBy(c => c.CreatedAtUtc).ThenBy(c => c.Id))
        {
            Live(candidate);
        }

        Candidates.AddRange(people);
    }

    private string AddStaff(string login, string name, string role)
    {
        var staff = new DemoStaff(NextGuid(_who).ToString(), $"{login}@{EmailDomain}", name, role, null);
        Staff.Add(staff);
        return staff.Id;
    }

    private void AddPosition(string title, string department, string location, string owner, params PositionRound[] rounds) =>
        Positions.Add(Position.Create(NextGuid(_who), title, department, location, owner, rounds, FoundedUtc.AddHours(_who.Next(1, 200))));

    private Candidate NewCandidate()
    {
        var (surname, surnamePinyin) = Surnames[(int)(Surnames.Length * Math.Pow(_who.NextDouble(), 1.8))];
        var first = GivenNames[_who.Next(GivenNames.Length)];
        var given = first;
        if (_who.NextDouble() < 0.65)
        {
            var second = GivenNames[_who.Next(GivenNames.Length)];
            given = second.Han == first.Han ? first : (first.Han + second.Han, first.Pinyin + second.Pinyin);
        }

        var name = surname + given.Han;
        var email = _who.NextDouble() < 0.9 ? NewEmail(surnamePinyin, given.Pinyin) : null;
        var phone = NewPhone();
        var position = Positions[Pick(_who, PositionWeights)];
        var positions = new List<Guid> { position.Id };
        if (_who.NextDouble() < 0.08)
        {
            positions.Add(Positions[_who.Next(Positions.Count)].Id);
        }

        var sourceRoll = _who.NextDouble();
        var source = sourceRoll < 0.45 ? CandidateSource.Direct : sourceRoll < 0.63 ? CandidateSource.Referral : CandidateSource.Agency;
        var agency = source == CandidateSource.Agency ? Agencies[Pick(_who, [0.45, 0.35, 0.20])] : null;
        var createdBy = agency is null ? position.HiringOwnerId : Staff.First(s => s.AgencyId == agency.Id).Id;
        var appliedLocal = _today.AddDays(-_who.Next(1, 36)).AddHours(8).AddMinutes(_who.Next(0, 14 * 60));
        return Candidate.Create(NextGuid(_who), name, phone, email, source, agency?.Id, positions, createdBy, Utc(appliedLocal));
    }

    /// <summary>One candidate's way through the pipeline up to now: screening, interview rounds, a decision.</summary>
    private void Live(Candidate candidate)
    {
        var position = Positions.First(p => p.Id == candidate.Positions[0].PositionId);
        var hr = position.HiringOwnerId;
        var at = candidate.CreatedAtUtc;
        var roll = _life.NextDouble();
        if (roll < 0.15 || !Move(candidate, PipelineStage.Screening, null, hr, ref at, Hours(4, 72)))
        {
            return;
        }

        roll = _life.NextDouble();
        if (roll < 0.12)
        {
            Reject(candidate, ScreeningRejections, hr, ref at);
            return;
        }

        if (roll < 0.16)
        {
            Move(candidate, PipelineStage.Withdrawn, Of(Withdrawals), hr, ref at, Hours(24, 120));
            return;
        }

        if (roll < 0.28)
        {
            return; // still being screened
        }

        var round = 0;
        for (var attempt = 0; round < position.DefaultRounds.Count && attempt < 5; attempt++)
        {
            var plan = position.DefaultRounds[round];
            var panel = plan.InterviewerIds.Count > 0 ? plan.InterviewerIds : [hr];
            var notBefore = at + Hours(20, 96);
            var windowStart = Utc(_today.AddDays(-WindowDays));
            if (FindSlot(panel, notBefore > windowStart ? notBefore : windowStart, plan.DurationMinutes) is not { } start)
            {
                return;
            }

            // Booked a day or few ahead, after the candidate's last event and before now.
            var earliest = at.AddMinutes(1);
            var latest = (start < _now ? start : _now).AddMinutes(-1);
            if (latest <= earliest)
            {
                return;
            }

            var booked = Clamp(start - Hours(20, 100), earliest, latest);
            if (candidate.Stage is PipelineStage.Applied or PipelineStage.Screening)
            {
                candidate.MoveTo(PipelineStage.Interviewing, null, hr, booked);
            }

            var interview = Schedule(candidate, position, plan, panel, start, hr, booked);
            at = booked;
            if (start > _now)
            {
                return; // the next step is this upcoming interview
            }

            var end = interview.EndUtc;
            var outcome = _life.NextDouble();
            if (outcome < 0.08)
            {
                at = Between(booked, start);
                interview.Cancel(Of(Cancellations), hr, at);
                continue;
            }

            if (outcome < 0.14)
            {
                at = start.AddMinutes(15);
                interview.ChangeStatus(InterviewStatus.NoShowCandidate, "候选人未出席，电话未接通", hr, at);
                if (_life.NextDouble() < 0.5)
                {
                    Move(candidate, PipelineStage.Rejected, "两次联系未果，候选人未参加面试", hr, ref at, Hours(4, 48));
                    return;
                }

                continue;
            }

            if (outcome < 0.17)
            {
                at = start.AddMinutes(10);
                interview.ChangeStatus(InterviewStatus.NoShowInterviewer, "面试官临时有紧急事务未能出席，已向候选人致歉", hr, at);
                continue;
            }

            interview.ChangeStatus(InterviewStatus.InProgress, null, hr, start.AddMinutes(_life.Next(0, 5)));
            at = Min(end.AddMinutes(_life.Next(0, 15)), _now);
            interview.ChangeStatus(InterviewStatus.Completed, null, hr, at);
            if (_life.NextDouble() < 0.22)
            {
                Reject(candidate, InterviewRejections, hr, ref at);
                return;
            }

            round++;
        }

        if (round < position.DefaultRounds.Count || !Move(candidate, PipelineStage.Offer, null, hr, ref at, Hours(12, 72)))
        {
            return;
        }

        if (_life.NextDouble() < 0.15)
        {
            Move(candidate, PipelineStage.Withdrawn, "已接受其他公司的录用", hr, ref at, Hours(24, 120));
            return;
        }

        Move(candidate, PipelineStage.Hired, null, hr, ref at, Hours(24, 120));
    }

    private Interview Schedule(Candidate candidate, Position position, PositionRound plan, IReadOnlyList<string> panel, DateTime start, string hr, DateTime booked)
    {
        var notes = _life.NextDouble() < 0.3 ? Of(InterviewerNotes) : null;
        var id = NextGuid(_life);
        Interview interview;
        if (start > _now && _life.NextDouble() < 0.12)
        {
            // Some upcoming interviews were moved once: first booked a day later, then moved to this slot.
            var first = start.AddDays(1);
            interview = Interview.Schedule(id, candidate.Id, position.Id, candidate.AgencyId, plan.Round, first, plan.DurationMinutes, panel, null, notes, hr, booked);
            interview.Reschedule(start, plan.DurationMinutes, Of(Reschedules), hr, byCandidate: false, SchedulingPolicy.Default, Between(booked, _now));
        }
        else
        {
            interview = Interview.Schedule(id, candidate.Id, position.Id, candidate.AgencyId, plan.Round, start, plan.DurationMinutes, panel, null, notes, hr, booked);
        }

        foreach (var interviewer in panel)
        {
            Calendar(interviewer).Add(new InterviewSlot(interview.Id, interviewer, interview.StartUtc, interview.EndUtc));
            var day = (interviewer, Local(interview.StartUtc).Date);
            _perDay[day] = _perDay.GetValueOrDefault(day) + 1;
        }

        Interviews.Add(interview);
        return interview;
    }

    /// <summary>
    /// A start for the whole panel on the first working day from <paramref name="notBefore"/> that has one: 09:30 to
    /// 18:00 Shanghai time outside lunch, at most a few interviews a day each, none closer than the buffer to another
    /// (the Domain's own conflict rule), and none running at this very moment. Picked at random within that day.
    /// </summary>
    private DateTime? FindSlot(IReadOnlyList<string> panel, DateTime notBefore, int minutes)
    {
        var firstDay = TimeZoneInfo.ConvertTimeFromUtc(notBefore, _zone).Date;
        for (var day = firstDay; day <= _today.AddDays(WindowDays); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var free = new List<DateTime>();
            for (var local = day.AddHours(9.5); local.AddMinutes(minutes) <= day.AddHours(18); local = local.AddMinutes(30))
            {
                var overLunch = local < day.AddHours(13.5) && local.AddMinutes(minutes) > day.AddHours(12);
                var start = Utc(local);
                var end = start.AddMinutes(minutes);
                if (overLunch || start < notBefore || (start <= _now && _now < end))
                {
                    continue;
                }

                if (panel.All(p => _perDay.GetValueOrDefault((p, day)) < MaxInterviewsPerDay
                    && InterviewRules.FindConflict(start, minutes, Calendar(p), _bufferMinutes) is null))
                {
                    free.Add(start);
                }
            }

            if (free.Count > 0)
            {
                return free[_life.Next(free.Count)];
            }
        }

        return null;
    }

    private List<InterviewSlot> Calendar(string interviewer) =>
        _booked.TryGetValue(interviewer, out var slots) ? slots : _booked[interviewer] = [];

    private bool Move(Candidate candidate, PipelineStage stage, string? reason, string by, ref DateTime at, TimeSpan after)
    {
        var when = at + after;
        if (when > _now)
        {
            return false; // not yet
        }

        candidate.MoveTo(stage, reason, by, when);
        at = when;
        return true;
    }

    private void Reject(Candidate candidate, string[] reasons, string hr, ref DateTime at)
    {
        if (Move(candidate, PipelineStage.Rejected, Of(reasons), hr, ref at, Hours(4, 72)) && _life.NextDouble() < 0.25)
        {
            Move(candidate, PipelineStage.Archived, "转入人才库，后续有合适岗位再联系", hr, ref at, Hours(24, 200));
        }
    }

    private string NewPhone()
    {
        while (true)
        {
            var phone = MobilePrefixes[_who.Next(MobilePrefixes.Length)] + _who.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            if (_phones.Add(phone))
            {
                return phone;
            }
        }
    }

    private string NewEmail(string surname, string given)
    {
        var domain = EmailDomains[_who.Next(EmailDomains.Length)];
        var local = _who.Next(3) switch
        {
            0 => $"{surname}{given}",
            1 => $"{given}.{surname}",
            _ => $"{surname}{given}{_who.Next(1985, 2004)}",
        };
        for (var n = 2; !_emails.Add($"{local}@{domain}"); n++)
        {
            local = $"{surname}{given}{n}";
        }

        return $"{local}@{domain}";
    }

    private DateTime Utc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);

    private DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, _zone);

    private TimeSpan Hours(double min, double max) => TimeSpan.FromMinutes(Math.Round((min + (_life.NextDouble() * (max - min))) * 60));

    private DateTime Between(DateTime from, DateTime to) => from + ((to - from) * (0.2 + (_life.NextDouble() * 0.6)));

    private string Of(string[] choices) => choices[_life.Next(choices.Length)];

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Clamp(DateTime value, DateTime min, DateTime max) => value < min ? min : value > max ? max : value;

    private static int Pick(Random random, double[] weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>A version-4 GUID from the seeded stream, so ids are the same from run to run.</summary>
    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static readonly (string Name, string Contact, string Login)[] AgencyNames =
    [
        ("上海锐才人力资源有限公司", "周婷", "zhou.ting"),
        ("北京卓越人才顾问有限公司", "孙浩", "sun.hao"),
        ("深圳海纳猎头服务有限公司", "何雪", "he.xue"),
    ];

    private static readonly double[] PositionWeights = [0.24, 0.15, 0.10, 0.10, 0.12, 0.08, 0.13, 0.08];

    // Prefixes of the three carriers' mobile ranges (1[3-9]x).
    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158",
        "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189",
        "191", "195", "198", "199",
    ];

    // Reserved for examples (RFC 2606): demo data never mails a real person.
    private static readonly string[] EmailDomains = ["example.com", "example.net", "example.org"];

    // Roughly in order of frequency; drawn with a skew towards the front.
    private static readonly (string Han, string Pinyin)[] Surnames =
    [
        ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
        ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
        ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
        ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"),
        ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"), ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"),
        ("于", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"),
        ("沈", "shen"), ("任", "ren"), ("姚", "yao"), ("卢", "lu"), ("钟", "zhong"), ("姜", "jiang"), ("崔", "cui"), ("谭", "tan"),
        ("陆", "lu"), ("范", "fan"), ("汪", "wang"), ("廖", "liao"), ("石", "shi"), ("金", "jin"), ("贾", "jia"), ("夏", "xia"),
        ("方", "fang"), ("邹", "zou"), ("熊", "xiong"), ("白", "bai"), ("孟", "meng"), ("秦", "qin"), ("邱", "qiu"), ("侯", "hou"),
        ("江", "jiang"), ("尹", "yin"), ("薛", "xue"), ("顾", "gu"), ("毛", "mao"), ("郝", "hao"), ("龚", "gong"), ("邵", "shao"),
        ("钱", "qian"), ("严", "yan"), ("戴", "dai"), ("孔", "kong"), ("常", "chang"), ("欧阳", "ouyang"), ("司马", "sima"),
    ];

    private static readonly (string Han, string Pinyin)[] GivenNames =
    [
        ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
        ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
        ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("玉", "yu"),
        ("萍", "ping"), ("红", "hong"), ("鹏", "peng"), ("飞", "fei"), ("辉", "hui"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"),
        ("晨", "chen"), ("宇", "yu"), ("浩", "hao"), ("然", "ran"), ("子", "zi"), ("轩", "xuan"), ("欣", "xin"), ("怡", "yi"),
        ("佳", "jia"), ("俊", "jun"), ("博", "bo"), ("文", "wen"), ("思", "si"), ("雨", "yu"), ("梓", "zi"), ("涵", "han"),
        ("嘉", "jia"), ("琪", "qi"), ("昊", "hao"), ("天", "tian"), ("一", "yi"), ("诺", "nuo"), ("瑶", "yao"), ("晓", "xiao"),
        ("梦", "meng"), ("凯", "kai"), ("帆", "fan"), ("阳", "yang"), ("泽", "ze"), ("宁", "ning"), ("慧", "hui"), ("颖", "ying"),
        ("倩", "qian"), ("蕾", "lei"), ("露", "lu"), ("岩", "yan"), ("斌", "bin"), ("健", "jian"), ("峰", "feng"), ("瑞", "rui"),
        ("航", "hang"), ("珊", "shan"), ("蓉", "rong"), ("雯", "wen"), ("鑫", "xin"), ("楠", "nan"), ("悦", "yue"), ("志", "zhi"),
        ("远", "yuan"), ("清", "qing"), ("海", "hai"), ("振", "zhen"), ("国", "guo"), ("建", "jian"), ("立", "li"), ("春", "chun"),
    ];

    private static readonly string[] ScreeningRejections = ["简历与岗位要求不匹配", "相关工作年限不足", "期望薪资超出预算范围"];

    private static readonly string[] InterviewRejections =
        ["技术深度未达到岗位要求", "沟通表达能力有待提升", "与团队协作方式匹配度不高", "岗位已有更合适的人选", "期望薪资超出预算范围"];

    private static readonly string[] Withdrawals = ["已接受其他公司的录用", "个人原因，暂不考虑换工作", "通勤距离过远"];

    private static readonly string[] Cancellations = ["面试官临时出差", "候选人时间冲突，另行安排", "面试官临时有紧急会议"];

    private static readonly string[] Reschedules = ["候选人申请改期", "面试官日程冲突"];

    private static readonly string[] InterviewerNotes =
    [
        "请重点考察系统设计与问题拆解能力", "候选人目前在职，请准时开始", "请深入追问简历中的项目经历",
        "请预留 10 分钟回答候选人的问题", "候选人作品集已发至邮箱，请提前查看",
    ];
}
