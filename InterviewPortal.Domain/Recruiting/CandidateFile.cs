namespace InterviewPortal.Domain.Recruiting;

/// <summary>A file attached to a candidate (their résumé), stored outside the web root under an opaque name.</summary>
public sealed class CandidateFile
{
    public const long MaxResumeBytes = 10 * 1024 * 1024;

    private CandidateFile()
    {
    }

    public Guid Id { get; private set; }

    public Guid CandidateId { get; private set; }

    /// <summary>The name the uploader's file had (shown and offered on download, never used as a path).</summary>
    public string FileName { get; private set; } = "";

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; } = "";

    public DateTime UploadedAtUtc { get; private set; }

    public string UploadedBy { get; private set; } = "";

    public static CandidateFile Resume(Guid id, Guid candidateId, string fileName, ReadOnlySpan<byte> content, string sha256, string by, DateTime nowUtc)
    {
        if (content.Length == 0)
        {
            throw new DomainException("ResumeEmpty");
        }

        if (content.Length > MaxResumeBytes)
        {
            throw new DomainException("ResumeTooLarge", MaxResumeBytes / 1024 / 1024);
        }

        if (!IsPdf(content))
        {
            throw new DomainException("ResumeNotPdf");
        }

        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        if (name.Length == 0)
        {
            name = "resume.pdf";
        }

        return new CandidateFile
        {
            Id = id,
            CandidateId = candidateId,
            FileName = name.Length > 200 ? name[^200..] : name,
            SizeBytes = content.Length,
            Sha256 = sha256,
            UploadedAtUtc = nowUtc,
            UploadedBy = by,
        };
    }

    /// <summary>
    /// Judged by content, not by name: a PDF starts with "%PDF-1." or "%PDF-2." (a few bytes of junk before it are
    /// tolerated by readers, up to 1 KB) and ends with "%%EOF" (possibly followed by whitespace).
    /// </summary>
    public static bool IsPdf(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 1024)];
        var at = head.IndexOf("%PDF-"u8);
        if (at < 0 || at + 7 > head.Length || head[at + 6] != (byte)'.' || (head[at + 5] != (byte)'1' && head[at + 5] != (byte)'2'))
        {
            return false;
        }

        var tail = content[Math.Max(0, content.Length - 1024)..];
        return tail.LastIndexOf("%%EOF"u8) >= 0;
    }
}

/// <summary>An HR note on a candidate. Agencies never see notes.</summary>
public sealed class CandidateNote
{
    public const int MaxLength = 4000;

    private CandidateNote()
    {
    }

    public long Id { get; private set; }

    public Guid CandidateId { get; private set; }

    public string Text { get; private set; } = "";

    public string AuthorId { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public static CandidateNote Create(Guid candidateId, string? text, string authorId, DateTime nowUtc)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw new DomainException("NoteRequired");
        }

        if (text.Length > MaxLength)
        {
            throw new DomainException("NoteTooLong", MaxLength);
        }

        return new CandidateNote { CandidateId = candidateId, Text = text, AuthorId = authorId, CreatedAtUtc = nowUtc };
    }
}
