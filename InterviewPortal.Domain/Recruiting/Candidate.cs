namespace InterviewPortal.Domain.Recruiting;

/// <summary>A person in the pipeline. The stage only changes through <see cref="MoveTo"/>, which keeps the history.</summary>
public sealed class Candidate
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 256;

    /// <summary>The languages messages to candidates are written in; none chosen means Chinese, the portal's default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en-US"];

    private readonly List<StageChange> _history = [];
    private readonly List<CandidatePosition> _positions = [];
    private readonly List<CandidateNameGram> _nameGrams = [];

    private Candidate()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>11 digits, normalized (see <see cref="PhoneNumber"/>).</summary>
    public string Phone { get; private set; } = "";

    public string? Email { get; private set; }

    public CandidateSource Source { get; private set; }

    /// <summary>The agency that sourced the candidate: set exactly when <see cref="Source"/> is Agency.</summary>
    public Guid? AgencyId { get; private set; }

    public PipelineStage Stage { get; private set; }

    public DateTime StageEnteredAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string? CreatedBy { get; private set; }

    /// <summary>The WeChat openid that accepted this candidate's invitation (first binding wins).</summary>
    public string? WeChatOpenId { get; private set; }

    public DateTime? WeChatBoundAtUtc { get; private set; }

    /// <summary>The language reminders and invitations are written in (one of <see cref="Languages"/>); null: Chinese.</summary>
    public string? Language { get; private set; }

    /// <summary>When the personal data was removed (retention or an erasure request); the row stays for statistics.</summary>
    public DateTime? AnonymisedAtUtc { get; private set; }

    /// <summary>
    /// Set on anonymisation until the candidate's stored files are gone: they are deleted after the commit (storage is
    /// not part of the transaction), which clears this; the nightly job retries where that failed.
    /// </summary>
    public bool FilesPendingDeletion { get; private set; }

    public bool IsAnonymised => AnonymisedAtUtc is not null;

    public IReadOnlyList<StageChange> History => _history;

    public IReadOnlyList<CandidatePosition> Positions => _positions;

    /// <summary>The name's pieces for name search, kept in step with <see cref="Name"/>.</summary>
    public IReadOnlyList<CandidateNameGram> NameGrams => _nameGrams;

    public static Candidate Create(Guid id, string name, string phone, string? email, CandidateSource source, Guid? agencyId, IEnumerable<Guid> positionIds, string? by, DateTime nowUtc)
    {
        var candidate = new Candidate { Id = id, CreatedAtUtc = nowUtc, CreatedBy = by, Stage = PipelineStage.Applied, StageEnteredAtUtc = nowUtc };
        candidate.Update(name, phone, email, source, agencyId);
        foreach (var positionId in positionIds.Distinct())
        {
            candidate._positions.Add(new CandidatePosition(id, positionId, nowUtc));
        }

        candidate._history.Add(new StageChange(id, null, PipelineStage.Applied, nowUtc, by, null));
        return candidate;
    }

    /// <summary>Sets the language messages to the candidate are written in; null or empty goes back to the default.</summary>
    public void PreferLanguage(string? language)
    {
        RequireNotAnonymised();
        if (string.IsNullOrWhiteSpace(language))
        {
            Language = null;
            return;
        }

        Language = Languages.FirstOrDefault(l => string.Equals(l, language.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainException("CandidateLanguageInvalid");
    }

    public void Update(string name, string phone, string? email, CandidateSource source, Guid? agencyId)
    {
        RequireNotAnonymised();
        name = (name ?? "").Trim();
        if (name.Length == 0)
        {
            throw new DomainException("CandidateNameRequired");
        }

        if (name.Length > NameMaxLength)
        {
            throw new DomainException("CandidateNameTooLong", NameMaxLength);
        }

        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (email is not null && (email.Length > EmailMaxLength || !IsEmail(email)))
        {
            throw new DomainException("EmailInvalid");
        }

        if ((source == CandidateSource.Agency) != agencyId.HasValue)
        {
            throw new DomainException(source == CandidateSource.Agency ? "CandidateAgencyRequired" : "CandidateAgencyOnlyForAgencySource");
        }

        var normalizedPhone = PhoneNumber.Normalize(phone);
        if (name != Name)
        {
            var grams = CandidateNameGram.For(name);
            _nameGrams.RemoveAll(g => !grams.Contains(g.Gram));
            foreach (var gram in grams.Where(g => _nameGrams.All(x => x.Gram != g)))
            {
                _nameGrams.Add(new CandidateNameGram(Id, gram));
            }
        }

        Name = name;
        Phone = normalizedPhone;
        Email = email;
        Source = source;
        AgencyId = agencyId;
    }

    /// <summary>
    /// Binds the WeChat account that accepted an invitation. The first binding wins: the same account again is fine, a
    /// different one is refused (someone else scanned a forwarded code).
    /// </summary>
    /// <returns>True when this call made the binding.</returns>
    public bool BindWeChat(string openId, DateTime nowUtc)
    {
        RequireNotAnonymised();
        if (string.IsNullOrWhiteSpace(openId) || openId.Length > OpenIdMaxLength)
        {
            throw new DomainException("WeChatOpenIdInvalid");
        }

        if (WeChatOpenId is null)
        {
            WeChatOpenId = openId;
            WeChatBoundAtUtc = nowUtc;
            return true;
        }

        return WeChatOpenId == openId ? false : throw new DomainException("InvitationBoundToAnotherWeChat");
    }

    public const int OpenIdMaxLength = 64;

    public void ApplyFor(Guid positionId, DateTime nowUtc)
    {
        if (_positions.All(p => p.PositionId != positionId))
        {
            _positions.Add(new CandidatePosition(Id, positionId, nowUtc));
        }
    }

    /// <summary>Moves the candidate; a rejection needs a reason. Every move is kept, time-stamped.</summary>
    public StageChange MoveTo(PipelineStage stage, string? reason, string? by, DateTime nowUtc)
    {
        RequireNotAnonymised();
        if (!PipelineStages.CanMove(Stage, stage))
        {
            throw new DomainException("CandidateStageMoveNotAllowed", Stage, stage);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > 500 })
        {
            throw new DomainException("ReasonTooLong", 500);
        }

        if (stage == PipelineStage.Rejected && reason is null)
        {
            throw new DomainException("CandidateRejectReasonRequired");
        }

        var change = new StageChange(Id, Stage, stage, nowUtc, by, reason) { SecondsInFrom = StageChange.SecondsBetween(StageEnteredAtUtc, nowUtc) };
        _history.Add(change);
        Stage = stage;
        StageEnteredAtUtc = nowUtc;
        return change;
    }

    /// <summary>Time spent in each stage so far (the current one up to <paramref name="nowUtc"/>).</summary>
    public IReadOnlyDictionary<PipelineStage, TimeSpan> TimeInStage(DateTime nowUtc)
    {
        var result = new Dictionary<PipelineStage, TimeSpan>();
        var ordered = _history.OrderBy(h => h.AtUtc).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var end = i + 1 < ordered.Count ? ordered[i + 1].AtUtc : nowUtc;
            result[ordered[i].To] = result.GetValueOrDefault(ordered[i].To) + (end - ordered[i].AtUtc);
        }

        return result;
    }

    /// <summary>The stored name of an anonymised candidate: a label and a short id, nothing of the person.</summary>
    public static string AnonymisedName(Guid id) => $"候选人 #{id.ToString("N")[..8]}";

    /// <summary>
    /// Removes the personal data (PIPL/GDPR): name, phone, e-mail, WeChat binding and name search pieces. Stage history,
    /// applications and interviews stay, so statistics keep counting the candidate. Safe to call twice.
    /// </summary>
    /// <returns>False when the candidate was anonymised already.</returns>
    public bool Anonymise(DateTime nowUtc)
    {
        if (IsAnonymised)
        {
            return false;
        }

        Name = AnonymisedName(Id);
        Phone = "";
        Email = null;
        WeChatOpenId = null;
        WeChatBoundAtUtc = null;
        Language = null;
        _nameGrams.Clear();
        AnonymisedAtUtc = nowUtc;
        FilesPendingDeletion = true;
        return true;
    }

    private void RequireNotAnonymised()
    {
        if (IsAnonymised)
        {
            throw new DomainException("CandidateAnonymised");
        }
    }

    internal static bool IsEmail(string s)
    {
        var at = s.IndexOf('@');
        return at > 0 && at == s.LastIndexOf('@') && at < s.Length - 3 && s.IndexOf('.', at) > at + 1 && !s.Any(char.IsWhiteSpace) && !s.EndsWith('.');
    }
}

/// <summary>One move through the pipeline.</summary>
public sealed record StageChange(Guid CandidateId, PipelineStage? From, PipelineStage To, DateTime AtUtc, string? By, string? Reason)
{
    public long Id { get; init; }

    /// <summary>
    /// Whole seconds spent in <see cref="From"/> (from the move that entered it to this one); null for the first entry.
    /// Kept on the move so the time-in-stage report reads a date range's moves alone.
    /// </summary>
    public int? SecondsInFrom { get; init; }

    public static int SecondsBetween(DateTime enteredUtc, DateTime leftUtc) =>
        (int)Math.Clamp(Math.Round((leftUtc - enteredUtc).TotalSeconds), 0, int.MaxValue);
}

public sealed record CandidatePosition(Guid CandidateId, Guid PositionId, DateTime AppliedAtUtc);
