using System.Security.Cryptography;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Recruiting;

public sealed record CandidateFileRow(Guid Id, string FileName, long SizeBytes, DateTime UploadedAtUtc, string? UploadedByName);

public sealed record CandidateNoteRow(long Id, string Text, string? AuthorName, DateTime CreatedAtUtc);

/// <summary>
/// Résumés and notes. A résumé is downloadable by whoever may see the candidate (agencies: their own); every upload
/// and download is audited. Notes are for the company's own people: agencies never see them.
/// </summary>
public sealed class CandidateFilesService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, CandidateFileStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<CandidateFileRow>> ListFilesAsync(Guid candidateId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.VisibleCandidates(caller).Where(c => c.Id == candidateId).Select(c => c.Id);
        return await db.CandidateFiles.AsNoTracking().Where(f => visible.Contains(f.CandidateId)).OrderByDescending(f => f.UploadedAtUtc)
            .Select(f => new CandidateFileRow(f.Id, f.FileName, f.SizeBytes, f.UploadedAtUtc, db.Users.Where(u => u.Id == f.UploadedBy).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>Stores a PDF résumé (checked by content, at most 10 MB); the file and its row are both there or neither.</summary>
    public async Task<Guid> UploadResumeAsync(Guid candidateId, Stream content, string fileName, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly)
        {
            throw new DomainException("NotAllowed");
        }

        using var buffer = new MemoryStream();
        await CopyAtMostAsync(content, buffer, CandidateFile.MaxResumeBytes + 1, ct);
        var bytes = buffer.ToArray();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateResumeUploaded, "Candidate", candidateId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var anonymised = await db.VisibleCandidates(caller).Where(c => c.Id == candidateId).Select(c => (bool?)(c.AnonymisedAtUtc != null)).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("NotFound");
        if (anonymised)
        {
            throw new DomainException("CandidateAnonymised");
        }

        var file = CandidateFile.Resume(Guid.NewGuid(), candidateId, fileName, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.CandidateFiles.Add(file);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{file.FileName}, {file.SizeBytes} bytes, sha256 {file.Sha256[..12]}" }, ct);
        await store.WriteAsync(candidateId, file.Id, bytes, ct);
        try
        {
            await tx.CommitAsync(ct);
        }
        catch
        {
            store.Delete(candidateId, file.Id);
            throw;
        }

        return file.Id;
    }

    /// <summary>Opens a file for download (audited), or null when it is not there or not the caller's to see.</summary>
    public async Task<(string FileName, Stream Content)?> OpenAsync(Guid candidateId, Guid fileId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.VisibleCandidates(caller).Where(c => c.Id == candidateId).Select(c => c.Id);
        var file = await db.CandidateFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && visible.Contains(f.CandidateId), ct);
        var path = file is null ? null : store.PathFor(candidateId, fileId);
        if (file is null || !File.Exists(path))
        {
            return null;
        }

        await audit.RecordAsync(AuditActions.CandidateResumeDownloaded, "Candidate", candidateId.ToString(), file.FileName, ct);
        return (file.FileName, File.OpenRead(path!));
    }

    public async Task<IReadOnlyList<CandidateNoteRow>> ListNotesAsync(Guid candidateId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (caller.IsAgencyOnly)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.VisibleCandidates(caller).Where(c => c.Id == candidateId).Select(c => c.Id);
        return await db.CandidateNotes.AsNoTracking().Where(n => visible.Contains(n.CandidateId)).OrderByDescending(n => n.CreatedAtUtc)
            .Select(n => new CandidateNoteRow(n.Id, n.Text, db.Users.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), n.CreatedAtUtc))
            .ToListAsync(ct);
    }

    public async Task AddNoteAsync(Guid candidateId, string? text, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.CandidateNoteAdded, "Candidate", candidateId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var anonymised = await db.Candidates.Where(c => c.Id == candidateId).Select(c => (bool?)(c.AnonymisedAtUtc != null)).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("NotFound");
        if (anonymised)
        {
            throw new DomainException("CandidateAnonymised");
        }

        db.CandidateNotes.Add(CandidateNote.Create(candidateId, text, caller.UserId, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new DomainException("ResumeTooLarge", CandidateFile.MaxResumeBytes / 1024 / 1024);
            }

            await target.WriteAsync(chunk.AsMemory(0, read), ct);
        }
    }
}
