using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Recruiting;

/// <summary>An agency as a search-as-you-type picker shows it.</summary>
public sealed record AgencyOption(Guid Id, string Name);

public sealed record AgencyRow(Guid Id, string Name, string ContactName, string? ContactPhone, string? ContactEmail, AgencyStatus Status, int Users, int Candidates);

public sealed class AgencyForm
{
    public string Name { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }
}

/// <summary>Recruiting agencies (Admin and HR).</summary>
public sealed class AgencyService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<AgencyRow>> ListAsync(CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Agencies.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new AgencyRow(a.Id, a.Name, a.ContactName, a.ContactPhone, a.ContactEmail, a.Status,
                db.Users.Count(u => u.AgencyId == a.Id), db.Candidates.Count(c => c.AgencyId == a.Id)))
            .ToListAsync(ct);
    }

    /// <summary>For a search-as-you-type picker: the first <paramref name="limit"/> agencies whose name contains <paramref name="text"/>.</summary>
    public async Task<IReadOnlyList<AgencyOption>> FindAsync(string? text, int limit, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Agencies.AsNoTracking();
        if (text?.Trim() is { Length: > 0 } t)
        {
            var pattern = SqlText.Containing(t);
            q = q.Where(a => EF.Functions.Like(a.Name, pattern, SqlText.LikeEscape));
        }

        return await q.OrderBy(a => a.Name).Take(limit).Select(a => new AgencyOption(a.Id, a.Name)).ToListAsync(ct);
    }

    public async Task<AgencyOption?> FindAsync(Guid id, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Agencies.AsNoTracking().Where(a => a.Id == id).Select(a => new AgencyOption(a.Id, a.Name)).FirstOrDefaultAsync(ct);
    }

    public async Task<Guid> SaveAsync(Guid? id, AgencyForm form, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(id is null ? AuditActions.AgencyCreated : AuditActions.AgencyUpdated, "Agency"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var name = (form.Name ?? "").Trim();
        if (await db.Agencies.AnyAsync(a => a.Name == name && a.Id != id, ct))
        {
            throw new DomainException("AgencyNameTaken", name);
        }

        Agency agency;
        if (id is { } existing)
        {
            agency = await db.Agencies.FirstOrDefaultAsync(a => a.Id == existing, ct) ?? throw new DomainException("NotFound");
            agency.Update(form.Name!, form.ContactName, form.ContactPhone, form.ContactEmail);
        }
        else
        {
            agency = Agency.Create(Guid.NewGuid(), form.Name!, form.ContactName, form.ContactPhone, form.ContactEmail, clock.GetUtcNow().UtcDateTime);
            db.Agencies.Add(agency);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetId = agency.Id.ToString(), Summary = agency.Name }, ct);
        await tx.CommitAsync(ct);
        return agency.Id;
    }

    public async Task SetStatusAsync(Guid id, AgencyStatus status, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.AgencyStatusChanged, "Agency", id.ToString(), status.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new DomainException("NotFound");
        agency.SetStatus(status);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }
}
