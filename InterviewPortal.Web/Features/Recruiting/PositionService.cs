using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Recruiting;

public sealed record PositionRow(Guid Id, string Title, string Department, string Location, string HiringOwnerId, string? HiringOwnerName, bool IsOpen, int Candidates, IReadOnlyList<PositionRound> Rounds);

public sealed class PositionForm
{
    public string Title { get; set; } = "";

    public string Department { get; set; } = "";

    public string Location { get; set; } = "";

    public string? HiringOwnerId { get; set; }

    public List<PositionRound> Rounds { get; set; } = [];
}

/// <summary>A user who can be picked as hiring owner or interviewer.</summary>
public sealed record PersonOption(string Id, string Name, string Email);

/// <summary>A position as a search-as-you-type picker shows it.</summary>
public sealed record PositionOption(Guid Id, string Title);

/// <summary>Positions (HR and Admin manage them; agencies may read the open ones to file candidates).</summary>
public sealed class PositionService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PositionRow>> ListAsync(bool includeClosed, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Positions.AsNoTracking();
        if (!includeClosed || !caller.IsRecruiter)
        {
            q = q.Where(p => p.IsOpen);
        }

        var rows = await q.OrderBy(p => p.Title)
            .Select(p => new
            {
                p.Id, p.Title, p.Department, p.Location, p.HiringOwnerId, p.IsOpen, p.DefaultRounds,
                Owner = db.Users.Where(u => u.Id == p.HiringOwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                Candidates = db.CandidatePositions.Count(c => c.PositionId == p.Id),
            })
            .ToListAsync(ct);
        return rows.Select(p => new PositionRow(p.Id, p.Title, p.Department, p.Location, p.HiringOwnerId, p.Owner, p.IsOpen,
            caller.IsRecruiter ? p.Candidates : 0, caller.IsRecruiter ? p.DefaultRounds : [])).ToList();
    }

    /// <summary>People who can own hiring (HR, Admin) or sit on a panel (Interviewer, HR, Admin), active only.</summary>
    public async Task<IReadOnlyList<PersonOption>> PeopleAsync(string role, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Offered(db, role).Where(u => !u.IsDisabled)
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(ct);
    }

    /// <summary>
    /// For a search-as-you-type picker: the first <paramref name="limit"/> of <see cref="PeopleAsync"/> whose name or
    /// e-mail address contains <paramref name="text"/> (any, when empty).
    /// </summary>
    public async Task<IReadOnlyList<PersonOption>> FindPeopleAsync(string role, string? text, int limit, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Offered(db, role).Where(u => !u.IsDisabled);
        if (text?.Trim() is { Length: > 0 } t)
        {
            var pattern = SqlText.Containing(t);
            q = q.Where(u => EF.Functions.Like(u.DisplayName, pattern, SqlText.LikeEscape) || EF.Functions.Like(u.Email!, pattern, SqlText.LikeEscape));
        }

        return await q.OrderBy(u => u.DisplayName).Take(limit).Select(u => new PersonOption(u.Id, u.DisplayName, u.Email ?? "")).ToListAsync(ct);
    }

    /// <summary>
    /// One of the people <see cref="FindPeopleAsync"/> offers, disabled or not, as a picker shows them (a filter in an
    /// address names them by id); null for anyone else, so an edited address cannot read other users' names and e-mails.
    /// </summary>
    public async Task<PersonOption?> PersonAsync(string role, string id, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Offered(db, role).Where(u => u.Id == id).Select(u => new PersonOption(u.Id, u.DisplayName, u.Email ?? "")).FirstOrDefaultAsync(ct);
    }

    /// <summary>Users with <paramref name="role"/>, HR or Admin (disabled ones too): whom the people pickers may offer.</summary>
    private static IQueryable<ApplicationUser> Offered(AppDbContext db, string role)
    {
        var roleIds = db.Roles.Where(r => r.Name == role || r.Name == Domain.Identity.Roles.HR || r.Name == Domain.Identity.Roles.Admin).Select(r => r.Id);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id));
    }

    /// <summary>For a search-as-you-type picker: the first <paramref name="limit"/> positions, open or closed, whose title contains <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<PositionOption>> FindAsync(string? text, int limit, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Positions.AsNoTracking();
        if (text?.Trim() is { Length: > 0 } t)
        {
            var pattern = SqlText.Containing(t);
            q = q.Where(p => EF.Functions.Like(p.Title, pattern, SqlText.LikeEscape));
        }

        return await q.OrderBy(p => p.Title).Take(limit).Select(p => new PositionOption(p.Id, p.Title)).ToListAsync(ct);
    }

    public async Task<PositionOption?> FindAsync(Guid id, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Positions.AsNoTracking().Where(p => p.Id == id).Select(p => new PositionOption(p.Id, p.Title)).FirstOrDefaultAsync(ct);
    }

    public async Task<Guid> SaveAsync(Guid? id, PositionForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(id is null ? AuditActions.PositionCreated : AuditActions.PositionUpdated, "Position"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var owner = form.HiringOwnerId ?? caller.UserId;
        Position position;
        if (id is { } existing)
        {
            position = await db.Positions.FirstOrDefaultAsync(p => p.Id == existing, ct) ?? throw new DomainException("NotFound");
            position.Update(form.Title, form.Department, form.Location, owner, form.Rounds);
        }
        else
        {
            position = Position.Create(Guid.NewGuid(), form.Title, form.Department, form.Location, owner, form.Rounds, clock.GetUtcNow().UtcDateTime);
            db.Positions.Add(position);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetId = position.Id.ToString(), Summary = $"{position.Title}; rounds: {string.Join(",", position.DefaultRounds.Select(r => $"{r.Round}/{r.DurationMinutes}m/{r.InterviewerIds.Count}"))}" }, ct);
        await tx.CommitAsync(ct);
        return position.Id;
    }

    public async Task SetOpenAsync(Guid id, bool open, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(open ? AuditActions.PositionOpened : AuditActions.PositionClosed, "Position", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var position = await db.Positions.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainException("NotFound");
        position.SetOpen(open);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }
}
