using System.Collections.Concurrent;
using System.Data.Common;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Features.MiniProgram;

/// <summary>
/// Joins, checked and written together (<see cref="GroupCommit{TRequest, TResult}"/>): the writer takes every join that
/// arrived meanwhile and, in one write transaction on one connection, reads each one's session and interview, decides
/// (the session valid and within its limit, the interview the candidate's own, open, inside its join window) and appends
/// the audit entries, then commits once. The audit entry is the join's only record: the invitation's tracking counts
/// the joins from the trail (<see cref="RecordedAsync"/>, decision 0014), so a join dirties no row of its own beyond the
/// trail's. Each granted join's room token is
/// minted afterwards by its own request (<see cref="MiniProgramService.JoinAsync"/>), off the writer that every join
/// waits for: no token exists before its issuance is committed to the audit trail. The reads sit on the connection that
/// writes: its page cache stays warm, where a pooled reader's is dropped after every commit of another connection
/// (SQLite's WAL), and a join costs no context or connection of its own. A refusal is an answer, not a failure of the
/// batch.
/// </summary>
public sealed class JoinCommit(
    IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, MiniProgramSessionLimiter limiter,
    TimeProvider clock, SqliteWriteGate gate, ILogger<JoinCommit> log)
    : GroupCommit<JoinCommit.Request, JoinCommit.Outcome>(gate, log)
{
    /// <param name="TokenHash">The bearer's hash (the bearer's form already checked).</param>
    /// <param name="Event">The issuance's audit entry as described from the request (address, user agent, correlation);
    /// its actor is the session's WeChat account, filled in here.</param>
    public sealed record Request(string TokenHash, Guid InterviewId, SchedulingPolicy Policy, JoinMode Mode, AuditEvent Event);

    /// <summary>Either the join, granted and its issuance committed, or why not.</summary>
    public sealed record Outcome(Grant? Granted, MiniProgramProblem? Refused);

    /// <summary>What the room token is issued for: the candidate's user and stream in the interview's room, until its join window closes.</summary>
    public sealed record Grant(string RoomId, string UserId, string StreamId, DateTime ValidUntilUtc, JoinMode Mode);

    public Task<Outcome> JoinAsync(Request request) => SubmitAsync(request);

    /// <summary>How many joins were recorded for an interview in a period, and the first one's time.</summary>
    public sealed record Tally(int Count, DateTime FirstAtUtc);

    /// <summary>
    /// The joins recorded for <paramref name="interviewId"/> from <paramref name="fromUtc"/> until before
    /// <paramref name="untilUtc"/> (null when there were none): the issuances of the candidate's room token, as this
    /// writer appends them (an interviewer's token, issued on the interview page, has another actor role). The candidate's
    /// entries on the interview are found through the trail's search index by target (<see cref="AuditIndexSpan"/>) and
    /// the issuances counted here.
    /// </summary>
    public static async Task<Tally?> RecordedAsync(AppDbContext db, Guid interviewId, DateTime fromUtc, DateTime untilUtc, CancellationToken ct)
    {
        var span = await AuditIndexSpan.ReadAsync(db, ct);
        var entries = await CandidateEntries(db, span, interviewId, fromUtc, untilUtc).ToListAsync(ct);
        var joins = entries.Where(e => e.Action == AuditActions.VideoTokenIssued).Select(e => e.AtUtc).ToList();
        return joins.Count == 0 ? null : new Tally(joins.Count, joins.Min());
    }

    /// <summary>The candidate's own audit entries on the interview in the period: the query <see cref="RecordedAsync"/> sends.</summary>
    internal static IQueryable<(string Action, DateTime AtUtc)> CandidateEntries(AppDbContext db, AuditIndexSpan span, Guid interviewId, DateTime fromUtc, DateTime untilUtc) =>
        span.ByTarget(db, interviewId.ToString())
            .Where(a => a.TargetType == AuditTargets.Interview && a.ActorRole == MiniProgramService.CandidateRole && a.AtUtc >= fromUtc && a.AtUtc < untilUtc)
            .Select(a => ValueTuple.Create(a.Action, a.AtUtc));

    protected override string Describe(Request request) => $"Join of interview {request.InterviewId}";

    protected override async Task<IReadOnlyList<Outcome>> WriteBatchAsync(IReadOnlyList<Request> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new Outcome[batch.Count];
        var events = new List<AuditEvent>(batch.Count);
        await using (var lookup = JoinLookup.Create(db))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                outcomes[i] = await DecideAsync(lookup, batch[i], now, events);
            }
        }

        if (events.Count > 0)
        {
            await AuditTrail.AppendManyAsync(db, database, events, now, CancellationToken.None);
            await tx.CommitAsync();
        }

        return outcomes;
    }

    // A batch that failed is written again one join at a time, which checks each again: the session limiter may then
    // count a call twice, on the safe side.
    private async Task<Outcome> DecideAsync(JoinLookup lookup, Request r, DateTime now, List<AuditEvent> events)
    {
        var (openId, interview) = await lookup.ReadAsync(r.TokenHash, r.InterviewId, now);
        if (openId is null)
        {
            return new Outcome(null, MiniProgramProblem.Unauthorized());
        }

        try
        {
            limiter.Count(r.TokenHash);
        }
        catch (MiniProgramProblem tooMany)
        {
            return new Outcome(null, tooMany);
        }

        if (interview is null)
        {
            return new Outcome(null, MiniProgramProblem.NotFound());
        }

        if (interview.Status is not (InterviewStatus.Scheduled or InterviewStatus.InProgress))
        {
            return new Outcome(null, new MiniProgramProblem(StatusCodes.Status409Conflict, "interview_not_open", "MpErrorInterviewNotOpen"));
        }

        var (opens, closes) = r.Policy.JoinWindow(interview.StartUtc, interview.EndUtc);
        if (now < opens)
        {
            return new Outcome(null, new MiniProgramProblem(StatusCodes.Status409Conflict, "join_window_not_open", "MpErrorJoinNotYetOpen", r.Policy.JoinOpensMinutesBefore));
        }

        if (now >= closes)
        {
            return new Outcome(null, new MiniProgramProblem(StatusCodes.Status409Conflict, "join_window_closed", "MpErrorJoinClosed"));
        }

        var userId = MiniProgramService.CandidateVideoUserId(interview.CandidateId);
        var grant = new Grant(interview.VideoRoomId, userId, MiniProgramService.StreamIdFor(interview.VideoRoomId, userId), closes, r.Mode);
        events.Add(r.Event with
        {
            ActorId = MiniProgramService.ActorIdOf(openId),
            ActorRole = MiniProgramService.CandidateRole,
            TargetType = AuditTargets.Interview,
            TargetId = interview.Id.ToString(),
            Summary = $"candidate {interview.CandidateId} room {grant.RoomId} user {grant.UserId} until {grant.ValidUntilUtc:O}, {r.Mode}",
        });
        return new Outcome(grant, null);
    }

    internal sealed record JoinTarget(Guid Id, Guid CandidateId, InterviewStatus Status, DateTime StartUtc, DateTime EndUtc, string VideoRoomId);

    /// <summary>
    /// A join's session and interview in one statement, written from the EF model's names and read through its type
    /// mappings (so both providers get their own quoting, Guid and date formats). One command serves a whole batch:
    /// SQLite prepares it once and only binds each join's values; as two EF Core queries per join it was most of the
    /// writer's time, and the writer is what every join waits for.
    /// </summary>
    internal sealed class JoinLookup : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter _hash;
        private readonly DbParameter _interview;
        private readonly RelationalTypeMapping _hashMapping;
        private readonly RelationalTypeMapping _interviewIdMapping;
        private readonly RelationalTypeMapping[] _columns;

        private JoinLookup(DbCommand command, DbParameter hash, DbParameter interview, RelationalTypeMapping hashMapping, RelationalTypeMapping interviewIdMapping, RelationalTypeMapping[] columns) =>
            (_command, _hash, _interview, _hashMapping, _interviewIdMapping, _columns) = (command, hash, interview, hashMapping, interviewIdMapping, columns);

        // The statement and the type mappings it is read through, per context type (one per provider): the same for every
        // batch, so written once from the EF model.
        private static readonly ConcurrentDictionary<Type, Statement> Statements = new();

        private sealed record Statement(string Sql, RelationalTypeMapping Hash, RelationalTypeMapping InterviewId, RelationalTypeMapping[] Columns);

        public static JoinLookup Create(AppDbContext db)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var statement = Statements.GetOrAdd(db.GetType(), static (_, model) => Write(model.db, model.sql), (db, sql));
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var hash = ModelParameters.Create(command, sql, statement.Hash, "hash", nullable: false);
            var interview = ModelParameters.Create(command, sql, statement.InterviewId, "interview", nullable: false);
            command.Parameters.Add(hash);
            command.Parameters.Add(interview);
            command.CommandText = statement.Sql;
            return new JoinLookup(command, hash, interview, statement.Hash, statement.InterviewId, statement.Columns);
        }

        private static Statement Write(AppDbContext db, ISqlGenerationHelper sql)
        {
            var sessions = ModelTable.For<MiniProgramSession>(db);
            var interviews = ModelTable.For<Interview>(db);
            var candidates = ModelTable.For<Domain.Recruiting.Candidate>(db);
            static string Column(ModelTable table, string alias, string name) => $"{alias}.{table.Column(name)}";
            // What is read, in order: the session's openid and expiry, then the interview's columns of JoinTarget.
            (ModelTable Table, string Alias, string Name)[] read =
            [
                (sessions, "s", nameof(MiniProgramSession.OpenId)), (sessions, "s", nameof(MiniProgramSession.ExpiresAtUtc)),
                (interviews, "i", nameof(Interview.Id)), (interviews, "i", nameof(Interview.CandidateId)), (interviews, "i", nameof(Interview.Status)),
                (interviews, "i", nameof(Interview.StartUtc)), (interviews, "i", nameof(Interview.EndUtc)), (interviews, "i", nameof(Interview.VideoRoomId)),
            ];
            var text =
                $"SELECT {string.Join(", ", read.Select(c => Column(c.Table, c.Alias, c.Name)))} " +
                $"FROM {sessions.Name} AS s " +
                $"LEFT JOIN {interviews.Name} AS i ON {Column(interviews, "i", nameof(Interview.Id))} = {sql.GenerateParameterNamePlaceholder("interview")} " +
                $"AND EXISTS (SELECT 1 FROM {candidates.Name} AS c WHERE {Column(candidates, "c", nameof(Domain.Recruiting.Candidate.Id))} = {Column(interviews, "i", nameof(Interview.CandidateId))} " +
                $"AND {Column(candidates, "c", nameof(Domain.Recruiting.Candidate.WeChatOpenId))} = {Column(sessions, "s", nameof(MiniProgramSession.OpenId))}) " +
                $"WHERE {Column(sessions, "s", nameof(MiniProgramSession.TokenHash))} = {sql.GenerateParameterNamePlaceholder("hash")}";
            return new Statement(
                text,
                sessions.Property(nameof(MiniProgramSession.TokenHash)).GetRelationalTypeMapping(),
                interviews.Property(nameof(Interview.Id)).GetRelationalTypeMapping(),
                [.. read.Select(c => c.Table.Property(c.Name).GetRelationalTypeMapping())]);
        }

        /// <summary>The session's openid when it exists and is valid at <paramref name="nowUtc"/> (else null), and the interview when it is that WeChat account's candidate's.</summary>
        public async Task<(string? OpenId, JoinTarget? Interview)> ReadAsync(string tokenHash, Guid interviewId, DateTime nowUtc)
        {
            _hash.Value = ModelParameters.ProviderValue(_hashMapping, tokenHash);
            _interview.Value = ModelParameters.ProviderValue(_interviewIdMapping, interviewId);
            await using var reader = await _command.ExecuteReaderAsync();
            if (!await reader.ReadAsync() || !MiniProgramSession.IsValidAt(Read<DateTime>(reader, 1), nowUtc))
            {
                return (null, null);
            }

            var openId = Read<string>(reader, 0);
            return (openId, await reader.IsDBNullAsync(2) ? null
                : new JoinTarget(Read<Guid>(reader, 2), Read<Guid>(reader, 3), Read<InterviewStatus>(reader, 4), Read<DateTime>(reader, 5), Read<DateTime>(reader, 6), Read<string>(reader, 7)));
        }

        // As EF Core would read the column: through the mapping's converter (an enum's number) when it has one.
        private T Read<T>(DbDataReader reader, int ordinal) =>
            _columns[ordinal].Converter is { } converter
                ? (T)converter.ConvertFromProvider(Convert.ChangeType(reader.GetValue(ordinal), converter.ProviderClrType, System.Globalization.CultureInfo.InvariantCulture))!
                : reader.GetFieldValue<T>(ordinal);

        /// <summary>The statement, as sent.</summary>
        public string Sql => _command.CommandText;

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }
}
