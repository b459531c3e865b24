using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Features.MiniProgram;

/// <summary>
/// Joins, checked and written together (<see cref="GroupCommit{TRequest, TResult}"/>): the writer takes every join that
/// arrived meanwhile and, in one write transaction on one connection, reads each one's session and interview, decides
/// (the session valid and within its limit, the interview the candidate's own, open, inside its join window), issues the
/// room token, counts the join on the live invitation and appends the audit entries, then commits once. No token leaves
/// before its issuance is committed to the audit trail. The reads sit on the connection that writes: its page cache
/// stays warm, where a pooled reader's is dropped after every commit of another connection (SQLite's WAL), and a join
/// costs no context or connection of its own. A refusal is an answer, not a failure of the batch.
/// </summary>
public sealed class JoinCommit(
    IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, ZegoTokenService zego, MiniProgramSessionLimiter limiter,
    TimeProvider clock, ILogger<JoinCommit> log)
    : GroupCommit<JoinCommit.Request, JoinCommit.Outcome>(log)
{
    /// <param name="TokenHash">The bearer's hash (the bearer's form already checked).</param>
    /// <param name="Event">The issuance's audit entry as described from the request (address, user agent, correlation);
    /// its actor is the session's WeChat account, filled in here.</param>
    public sealed record Request(string TokenHash, Guid InterviewId, SchedulingPolicy Policy, JoinMode Mode, AuditEvent Event);

    /// <summary>Either the room token, committed, or why not.</summary>
    public sealed record Outcome(MpJoinResult? Joined, MiniProgramProblem? Refused);

    public Task<Outcome> JoinAsync(Request request) => SubmitAsync(request);

    protected override string Describe(Request request) => $"Join of interview {request.InterviewId}";

    protected override async Task<IReadOnlyList<Outcome>> WriteBatchAsync(IReadOnlyList<Request> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var outcomes = new Outcome[batch.Count];
        var joined = new List<Guid>(batch.Count);
        var events = new List<AuditEvent>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = await DecideAsync(db, batch[i], now, joined, events);
        }

        if (events.Count > 0)
        {
            await CountJoinsAsync(db, joined, now, CancellationToken.None);
            await AuditTrail.AppendManyAsync(db, database, events, now, CancellationToken.None);
            await tx.CommitAsync();
        }

        return outcomes;
    }

    // A batch that failed is written again one join at a time, which checks each again: the session limiter may then
    // count a call twice, on the safe side.
    private async Task<Outcome> DecideAsync(AppDbContext db, Request r, DateTime now, List<Guid> joined, List<AuditEvent> events)
    {
        var session = await SessionByHash(db, r.TokenHash, CancellationToken.None);
        if (session is null || !session.IsValidAt(now))
        {
            return new Outcome(null, MiniProgramProblem.Unauthorized());
        }

        try
        {
            limiter.Count(session.TokenHash);
        }
        catch (MiniProgramProblem tooMany)
        {
            return new Outcome(null, tooMany);
        }

        var interview = await JoinTargetFor(db, r.InterviewId, session.OpenId, CancellationToken.None);
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
        var issued = zego.Issue(interview.VideoRoomId, userId, MiniProgramService.StreamIdFor(interview.VideoRoomId, userId), closes);
        joined.Add(interview.Id);
        events.Add(r.Event with
        {
            ActorId = MiniProgramService.ActorIdOf(session),
            TargetType = "Interview",
            TargetId = interview.Id.ToString(),
            Summary = $"candidate {interview.CandidateId} room {issued.RoomId} user {issued.UserId} until {issued.ExpiresAtUtc:O}, {r.Mode}",
        });
        return new Outcome(new MpJoinResult(issued.AppId, issued.RoomId, issued.UserId, issued.StreamId, issued.Token, issued.ExpiresAtUtc, r.Mode), null);
    }

    // The two reads of every join, compiled once: no expression tree to build, evaluate and look up per join.
    private static readonly Func<AppDbContext, string, CancellationToken, Task<MiniProgramSession?>> SessionByHash =
        EF.CompileAsyncQuery((AppDbContext db, string hash, CancellationToken _) => db.MiniProgramSessions.AsNoTracking().FirstOrDefault(s => s.TokenHash == hash));

    /// <summary>The interview, when it belongs to a candidate bound to this WeChat account: only what a join needs.</summary>
    private static readonly Func<AppDbContext, Guid, string, CancellationToken, Task<JoinTarget?>> JoinTargetFor =
        EF.CompileAsyncQuery((AppDbContext db, Guid interviewId, string openId, CancellationToken _) => db.Interviews
            .Where(i => i.Id == interviewId && db.Candidates.Any(c => c.Id == i.CandidateId && c.WeChatOpenId == openId))
            .Select(i => new JoinTarget(i.Id, i.CandidateId, i.Status, i.StartUtc, i.EndUtc, i.VideoRoomId))
            .FirstOrDefault());

    private sealed record JoinTarget(Guid Id, Guid CandidateId, InterviewStatus Status, DateTime StartUtc, DateTime EndUtc, string VideoRoomId);

    /// <summary>
    /// Counts joins on the interviews' live invitations; the first join's time is the batch's, the time of its audit
    /// entries. One UPDATE per distinct number of joins in the batch (nearly always one: a candidate joins once), written
    /// as SQL from the EF model's names and type mappings: as a LINQ <c>ExecuteUpdate</c> its id list made EF Core
    /// translate the statement again on every batch.
    /// </summary>
    private static async Task CountJoinsAsync(AppDbContext db, IReadOnlyList<Guid> interviewIds, DateTime nowUtc, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(Invitation))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var interviewId = entity.FindProperty(nameof(Invitation.InterviewId))!;
        var joinCount = entity.FindProperty(nameof(Invitation.JoinCount))!;
        var firstJoined = entity.FindProperty(nameof(Invitation.FirstJoinedAtUtc))!;
        var revoked = entity.FindProperty(nameof(Invitation.RevokedAtUtc))!;
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        foreach (var sameCount in interviewIds.CountBy(id => id).GroupBy(c => c.Value, c => c.Key))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.Add(Parameter(command, sql, joinCount, "joins", sameCount.Key));
            command.Parameters.Add(Parameter(command, sql, firstJoined, "now", nowUtc));
            var ids = new List<string>();
            foreach (var id in sameCount)
            {
                var name = "id" + ids.Count;
                command.Parameters.Add(Parameter(command, sql, interviewId, name, id));
                ids.Add(sql.GenerateParameterNamePlaceholder(name));
            }

            command.CommandText =
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {Column(joinCount)} = {Column(joinCount)} + {sql.GenerateParameterNamePlaceholder("joins")}, " +
                $"{Column(firstJoined)} = COALESCE({Column(firstJoined)}, {sql.GenerateParameterNamePlaceholder("now")}) " +
                $"WHERE {Column(interviewId)} IN ({string.Join(", ", ids)}) AND {Column(revoked)} IS NULL";
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, ISqlGenerationHelper sql, IProperty property, string name, object value)
    {
        var mapping = property.GetRelationalTypeMapping();
        var parameter = ModelParameters.Create(command, sql, mapping, name, property.IsNullable);
        parameter.Value = ModelParameters.ProviderValue(mapping, value);
        return parameter;
    }
}
