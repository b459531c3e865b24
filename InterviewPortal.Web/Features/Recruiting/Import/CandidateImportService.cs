using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Recruiting.Import;

/// <summary>The columns of an import file, in the template's order; <see cref="Row"/> is a problem with the whole row.</summary>
public enum CandidateImportField
{
    Row = 0,
    Name = 1,
    Phone = 2,
    Email = 3,
    Source = 4,
    Agency = 5,
    Positions = 6,
}

/// <summary>One problem in an import file: the row as Excel numbers it (the header is row 1), the column, a message key and its arguments.</summary>
public sealed record CandidateImportProblem(int Row, CandidateImportField Field, string MessageKey, IReadOnlyList<object> Arguments);

/// <summary>A valid row, normalized by the Domain, waiting for the user's confirmation.</summary>
internal sealed record CandidateImportRow(int Row, string Name, string Phone, string? Email, CandidateSource Source, Guid? AgencyId, IReadOnlyList<Guid> PositionIds);

/// <summary>
/// What a validated file holds: the counts and problems the user sees, and the valid rows, kept on the server for
/// <see cref="CandidateImportService.ImportAsync(CandidateImportReport, CancellationToken)"/>.
/// </summary>
public sealed class CandidateImportReport
{
    internal CandidateImportReport(string callerId, Guid? agencyId, int totalRows, IReadOnlyList<CandidateImportProblem> problems, IReadOnlyList<CandidateImportRow> rows)
    {
        CallerId = callerId;
        AgencyId = agencyId;
        TotalRows = totalRows;
        Problems = problems;
        Rows = rows;
        InvalidRows = problems.Select(p => p.Row).Distinct().Count();
    }

    /// <summary>Data rows in the file, blank rows and the template's untouched example row left out.</summary>
    public int TotalRows { get; }

    public int ValidRows => Rows.Count;

    public int InvalidRows { get; }

    /// <summary>Ordered by row, then column.</summary>
    public IReadOnlyList<CandidateImportProblem> Problems { get; }

    internal IReadOnlyList<CandidateImportRow> Rows { get; }

    internal string CallerId { get; }

    internal Guid? AgencyId { get; }
}

/// <summary>
/// Imports candidates from a CSV file in two steps: <see cref="ValidateAsync(Stream, CancellationToken)"/> reports every
/// problem and writes nothing; after the user confirms, <see cref="ImportAsync(CandidateImportReport, CancellationToken)"/>
/// adds all valid rows in one transaction or none. Admin and HR import for any source and agency; an agency user's rows
/// always belong to their own agency, and they never learn anything about another agency's candidates.
/// </summary>
public sealed class CandidateImportService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, DatabaseSettings database, TimeProvider clock)
{
    public const string AllowedRoles = Domain.Identity.Roles.Admin + "," + Domain.Identity.Roles.HR + "," + Domain.Identity.Roles.Agency;
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 20_000;

    // Candidates per bulk insert step inside the one transaction: the progress steps.
    internal const int BatchSize = 500;

    // Values per IN (…) lookup: under SQL Server's 2,100 parameters.
    private const int LookupChunk = 1000;

    /// <summary>
    /// The file's columns. They are a file format, the same for every user whatever their language, so the template
    /// carries both names and the reader accepts either (and a few common variants); not UI text.
    /// </summary>
    private static readonly (CandidateImportField Field, string Header, bool Required, string[] Aliases)[] Columns =
    [
        (CandidateImportField.Name, "姓名 Name", true, ["姓名", "name", "候选人", "candidate"]),
        (CandidateImportField.Phone, "手机号 Phone", true, ["手机号", "手机", "手机号码", "电话", "phone", "mobile"]),
        (CandidateImportField.Email, "邮箱 Email", false, ["邮箱", "电子邮箱", "邮件", "email", "e-mail"]),
        (CandidateImportField.Source, "来源 Source", false, ["来源", "source"]),
        (CandidateImportField.Agency, "招聘机构 Agency", false, ["招聘机构", "机构", "猎头", "agency"]),
        (CandidateImportField.Positions, "应聘职位 Positions", false, ["应聘职位", "职位", "position", "positions"]),
    ];

    // The template's example row: skipped when left in the file unchanged.
    private static readonly string[] ExampleRow = ["张三", "13800138000", "zhangsan@example.com", "直接投递", "", "后端工程师;前端工程师"];

    private static readonly Dictionary<string, CandidateSource> SourceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Direct"] = CandidateSource.Direct,
        ["直接投递"] = CandidateSource.Direct,
        ["Referral"] = CandidateSource.Referral,
        ["内部推荐"] = CandidateSource.Referral,
        ["内推"] = CandidateSource.Referral,
        ["Agency"] = CandidateSource.Agency,
        ["招聘机构"] = CandidateSource.Agency,
        ["猎头"] = CandidateSource.Agency,
    };

    /// <summary>The template: UTF-8 with a byte-order mark (so Excel shows the Chinese), the header and one example row.</summary>
    public byte[] TemplateCsv()
    {
        var text = CsvText.Line(Columns.Select(c => c.Header)) + CsvText.Line(ExampleRow);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    public Task<CandidateImportReport> ValidateAsync(Stream csv, CancellationToken ct = default) => ValidateAsync(csv, null, ct);

    /// <summary>
    /// Reads and checks a file without writing anything. File-level problems (too large, too many rows, no usable
    /// header) throw a <see cref="DomainException"/>; row problems are in the report. Progress is reported in percent.
    /// </summary>
    public async Task<CandidateImportReport> ValidateAsync(Stream csv, IProgress<int>? progress, CancellationToken ct = default)
    {
        var caller = await RequireImporterAsync();
        var text = CsvText.Decode(await ReadLimitedAsync(csv, ct));
        var (columns, rows) = ReadRows(text);
        progress?.Report(10);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agencies = caller.IsRecruiter
            ? (await db.Agencies.AsNoTracking().Select(a => new { a.Id, a.Name }).ToListAsync(ct))
                .ToDictionary(a => a.Name.Trim(), a => a.Id, StringComparer.OrdinalIgnoreCase)
            : [];
        var positions = (await db.Positions.AsNoTracking().Where(p => p.IsOpen || caller.IsRecruiter).Select(p => new { p.Id, p.Title, p.IsOpen }).ToListAsync(ct))
            .ToLookup(p => p.Title.Trim(), p => (p.Id, p.IsOpen), StringComparer.OrdinalIgnoreCase);
        progress?.Report(20);

        var problems = new List<CandidateImportProblem>();
        var checkedRows = new List<(int Row, string? Phone, string? Email, CandidateImportRow? Valid)>(rows.Count);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (row, fields, malformed) in rows)
        {
            if (checkedRows.Count % 1000 == 999)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(20 + (50 * checkedRows.Count / rows.Count));
            }

            string Get(CandidateImportField f) => columns.TryGetValue(f, out var i) && i < fields.Length ? fields[i].Trim() : "";
            var before = problems.Count;
            void Problem(CandidateImportField field, string key, params object[] args) => problems.Add(new CandidateImportProblem(row, field, key, args));

            if (malformed)
            {
                Problem(CandidateImportField.Row, "CandidateImportMalformedRow");
            }

            var (source, agencyId) = caller.IsAgencyOnly ? (CandidateSource.Agency, caller.AgencyId) : SourceAndAgency(Get(CandidateImportField.Source), Get(CandidateImportField.Agency), agencies, Problem);
            var positionIds = PositionIds(Get(CandidateImportField.Positions), positions, Problem);
            var phone = PhoneNumber.TryNormalize(Get(CandidateImportField.Phone), out var p) ? p : null;
            if (phone is null)
            {
                Problem(CandidateImportField.Phone, "PhoneInvalid");
            }

            Candidate? candidate = null;
            try
            {
                // The Domain's rules and normalization, exactly as for a candidate added by hand.
                candidate = Candidate.Create(Guid.Empty, Get(CandidateImportField.Name), Get(CandidateImportField.Phone), Get(CandidateImportField.Email), source, agencyId, positionIds, caller.UserId, now);
            }
            catch (DomainException ex) when (ex.MessageKey != "PhoneInvalid")
            {
                problems.Add(new CandidateImportProblem(row, FieldOf(ex.MessageKey), ex.MessageKey, ex.Arguments));
            }
            catch (DomainException)
            {
                // Already reported above.
            }

            var email = Get(CandidateImportField.Email) is { Length: > 0 } e ? e.ToLowerInvariant() : null;
            checkedRows.Add((row, phone, email, problems.Count == before && candidate is not null
                ? new CandidateImportRow(row, candidate.Name, candidate.Phone, candidate.Email, source, agencyId, positionIds)
                : null));
        }

        progress?.Report(70);
        var phones = checkedRows.Where(r => r.Phone is not null).Select(r => r.Phone!).Distinct().ToList();
        var emails = checkedRows.Where(r => r.Email is not null).Select(r => r.Email!).Distinct().ToList();
        var existing = await ExistingAsync(db, phones, emails, ct);
        progress?.Report(90);

        var firstByPhone = new Dictionary<string, int>();
        var firstByEmail = new Dictionary<string, int>();
        var valid = new List<CandidateImportRow>(checkedRows.Count);
        foreach (var (row, phone, email, candidate) in checkedRows)
        {
            var before = problems.Count;
            if (phone is not null && !firstByPhone.TryAdd(phone, row))
            {
                problems.Add(new CandidateImportProblem(row, CandidateImportField.Phone, "CandidateImportDuplicateInFile", [firstByPhone[phone]]));
            }
            else if (email is not null && !firstByEmail.TryAdd(email, row))
            {
                problems.Add(new CandidateImportProblem(row, CandidateImportField.Email, "CandidateImportDuplicateInFile", [firstByEmail[email]]));
            }

            var field = CandidateImportField.Phone;
            if (phone is null || !existing.ByPhone.TryGetValue(phone, out var other))
            {
                field = CandidateImportField.Email;
                other = email is not null ? existing.ByEmail.GetValueOrDefault(email) : null;
            }

            if (other is not null)
            {
                problems.Add(caller.IsRecruiter || other.AgencyId == caller.AgencyId
                    ? new CandidateImportProblem(row, field, "CandidateDuplicateOf", [other.Name])
                    // Never tell one agency about another's candidate: that it exists, nothing more.
                    : new CandidateImportProblem(row, field, "CandidateExistsElsewhere", []));
            }

            if (candidate is not null && problems.Count == before)
            {
                valid.Add(candidate);
            }
        }

        progress?.Report(100);
        var ordered = problems.OrderBy(x => x.Row).ThenBy(x => x.Field).ToList();
        return new CandidateImportReport(caller.UserId, caller.AgencyId, rows.Count, ordered, valid);
    }

    public Task<int> ImportAsync(CandidateImportReport report, CancellationToken ct = default) => ImportAsync(report, null, ct);

    /// <summary>
    /// Adds every valid row of <paramref name="report"/> in one transaction, with one audit entry, and returns how many.
    /// Duplicates, positions and agencies are checked again inside the transaction: if anything changed since the
    /// validation, or anything fails, nothing is imported.
    /// </summary>
    public async Task<int> ImportAsync(CandidateImportReport report, IProgress<int>? progress, CancellationToken ct = default)
    {
        var caller = await RequireImporterAsync();
        if (caller.UserId != report.CallerId || caller.AgencyId != report.AgencyId)
        {
            throw new DomainException("NotAllowed");
        }

        var rows = report.Rows;
        if (rows.Count == 0)
        {
            throw new DomainException("CandidateImportNothingToImport");
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateImported, "Candidate"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, "InterviewPortal.Candidates", ct);

        var existing = await ExistingAsync(db, rows.Select(r => r.Phone).Distinct().ToList(), rows.Where(r => r.Email is not null).Select(r => r.Email!).Distinct().ToList(), ct);
        var positionIds = rows.SelectMany(r => r.PositionIds).Distinct().ToList();
        var agencyIds = rows.Where(r => r.AgencyId is not null).Select(r => r.AgencyId!.Value).Distinct().ToList();
        var knownPositions = 0;
        foreach (var chunk in positionIds.Chunk(LookupChunk))
        {
            knownPositions += await db.Positions.CountAsync(p => chunk.Contains(p.Id) && (p.IsOpen || caller.IsRecruiter), ct);
        }

        var knownAgencies = await db.Agencies.CountAsync(a => agencyIds.Contains(a.Id), ct);
        var changed = rows.Count(r => existing.ByPhone.ContainsKey(r.Phone) || (r.Email is not null && existing.ByEmail.ContainsKey(r.Email)));
        if (changed > 0 || knownPositions != positionIds.Count || knownAgencies != agencyIds.Count)
        {
            throw new DomainException("CandidateImportStale");
        }

        progress?.Report(5);
        var now = clock.GetUtcNow().UtcDateTime;
        for (var start = 0; start < rows.Count; start += BatchSize)
        {
            var batch = rows.Skip(start).Take(BatchSize)
                .Select(r => Candidate.Create(Guid.NewGuid(), r.Name, r.Phone, r.Email, r.Source, r.AgencyId, r.PositionIds, caller.UserId, now))
                .ToList();
            await db.BulkInsertAsync(batch, ct);
            await db.BulkInsertAsync(batch.SelectMany(c => c.History).ToList(), ct);
            await db.BulkInsertAsync(batch.SelectMany(c => c.Positions).ToList(), ct);
            await db.BulkInsertAsync(batch.SelectMany(c => c.NameGrams).ToList(), ct);
            progress?.Report(5 + (90 * Math.Min(start + BatchSize, rows.Count) / rows.Count));
        }
        var agencies = string.Join(",", agencyIds);
        await audit.AppendAsync(db, e with
        {
            Summary = $"imported {rows.Count} of {report.TotalRows} rows ({report.InvalidRows} with problems not imported){(agencies.Length == 0 ? "" : $"; agency {agencies}")}",
        }, ct);
        await tx.CommitAsync(ct);
        progress?.Report(100);
        return rows.Count;
    }

    private async Task<Caller> RequireImporterAsync()
    {
        var caller = await origin.GetCallerAsync();
        if (caller.IsRecruiter || (caller.IsAgencyOnly && caller.AgencyId is not null))
        {
            return caller;
        }

        throw new DomainException("NotAllowed");
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream csv, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await csv.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new DomainException("CandidateImportFileTooLarge", MaxBytes / (1024 * 1024));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The header's column positions and the data rows, with their Excel row numbers.</summary>
    private static (Dictionary<CandidateImportField, int> Columns, List<(int Row, string[] Fields, bool Malformed)> Rows) ReadRows(string text)
    {
        using var records = CsvText.Parse(text).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new DomainException("CandidateImportEmpty");
        }

        var columns = new Dictionary<CandidateImportField, int>();
        var header = records.Current.Fields;
        for (var i = 0; i < header.Length; i++)
        {
            if (ColumnOf(header[i]) is { } field)
            {
                columns.TryAdd(field, i);
            }
        }

        var missing = Columns.Where(c => c.Required && !columns.ContainsKey(c.Field)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException("CandidateImportMissingColumns", string.Join(", ", missing));
        }

        var rows = new List<(int, string[], bool)>();
        var row = 1;
        while (records.MoveNext())
        {
            row++;
            var (fields, malformed) = (records.Current.Fields, records.Current.Malformed);
            if (fields.All(string.IsNullOrWhiteSpace) || IsExample(fields, columns))
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                throw new DomainException("CandidateImportTooManyRows", MaxRows);
            }

            rows.Add((row, fields, malformed));
        }

        if (rows.Count == 0)
        {
            throw new DomainException("CandidateImportEmpty");
        }

        return (columns, rows);
    }

    private static CandidateImportField? ColumnOf(string header)
    {
        var h = header.Trim().Trim('\uFEFF').ToLowerInvariant();
        var words = h.Split([' ', '/', '(', ')', '（', '）', '\u3000'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (field, name, _, aliases) in Columns)
        {
            if (h == name.ToLowerInvariant() || aliases.Any(a => h == a || words.Contains(a)))
            {
                return field;
            }
        }

        return null;
    }

    private static bool IsExample(string[] fields, Dictionary<CandidateImportField, int> columns) =>
        columns.Count == Columns.Length
        && Columns.Select((c, i) => (c.Field, i)).All(c => (columns[c.Field] < fields.Length ? fields[columns[c.Field]].Trim() : "") == ExampleRow[c.i]);

    private static (CandidateSource Source, Guid? AgencyId) SourceAndAgency(string sourceText, string agencyName, Dictionary<string, Guid> agencies, Action<CandidateImportField, string, object[]> problem)
    {
        var source = agencyName.Length > 0 ? CandidateSource.Agency : CandidateSource.Direct;
        if (sourceText.Length > 0)
        {
            if (SourceNames.TryGetValue(sourceText, out var named))
            {
                source = named;
            }
            else
            {
                problem(CandidateImportField.Source, "CandidateImportSourceUnknown", [sourceText]);
            }
        }

        if (agencyName.Length == 0)
        {
            return (source, null);
        }

        if (agencies.TryGetValue(agencyName, out var id))
        {
            return (source, id);
        }

        problem(CandidateImportField.Agency, "CandidateImportAgencyUnknown", [agencyName]);
        return (source, Guid.Empty); // stands in for the unknown agency so the Domain's other rules still run
    }

    private static List<Guid> PositionIds(string text, ILookup<string, (Guid Id, bool IsOpen)> positions, Action<CandidateImportField, string, object[]> problem)
    {
        var ids = new List<Guid>();
        foreach (var title in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var matches = positions[title].ToList();
            if (matches.Any(m => m.IsOpen))
            {
                matches = matches.Where(m => m.IsOpen).ToList();
            }

            if (matches.Count == 1)
            {
                ids.Add(matches[0].Id);
            }
            else
            {
                problem(CandidateImportField.Positions, matches.Count == 0 ? "CandidateImportPositionUnknown" : "CandidateImportPositionAmbiguous", [title]);
            }
        }

        return ids;
    }

    private static CandidateImportField FieldOf(string messageKey) => messageKey switch
    {
        "CandidateNameRequired" or "CandidateNameTooLong" => CandidateImportField.Name,
        "EmailInvalid" => CandidateImportField.Email,
        "CandidateAgencyRequired" or "CandidateAgencyOnlyForAgencySource" => CandidateImportField.Agency,
        _ => CandidateImportField.Row,
    };

    private sealed record ExistingCandidate(string Name, Guid? AgencyId);

    private sealed record Existing(Dictionary<string, ExistingCandidate> ByPhone, Dictionary<string, ExistingCandidate> ByEmail);

    /// <summary>Candidates already in the portal with one of these phones or emails, in a few bulk queries.</summary>
    private static async Task<Existing> ExistingAsync(AppDbContext db, List<string> phones, List<string> emails, CancellationToken ct)
    {
        var byPhone = new Dictionary<string, ExistingCandidate>();
        var byEmail = new Dictionary<string, ExistingCandidate>();
        foreach (var chunk in phones.Chunk(LookupChunk))
        {
            foreach (var c in await db.Candidates.AsNoTracking().Where(c => chunk.Contains(c.Phone)).Select(c => new { c.Phone, c.Name, c.AgencyId }).ToListAsync(ct))
            {
                byPhone.TryAdd(c.Phone, new ExistingCandidate(c.Name, c.AgencyId));
            }
        }

        foreach (var chunk in emails.Chunk(LookupChunk))
        {
            foreach (var c in await db.Candidates.AsNoTracking().Where(c => c.Email != null && chunk.Contains(c.Email)).Select(c => new { c.Email, c.Name, c.AgencyId }).ToListAsync(ct))
            {
                byEmail.TryAdd(c.Email!, new ExistingCandidate(c.Name, c.AgencyId));
            }
        }

        return new Existing(byPhone, byEmail);
    }
}
