using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Tests.Domain.Recruiting;

public sealed class CandidateFileTests
{
    public static byte[] Pdf(int padding = 100) =>
        Encoding.ASCII.GetBytes("%PDF-1.7\n" + new string('x', padding) + "\ntrailer\n%%EOF\n");

    [Fact]
    public void IsPdf_JudgesByContent()
    {
        Assert.True(CandidateFile.IsPdf(Pdf()));
        Assert.True(CandidateFile.IsPdf(Encoding.ASCII.GetBytes("\r\n%PDF-2.0 body %%EOF")));
        Assert.False(CandidateFile.IsPdf(Encoding.ASCII.GetBytes("PK\u0003\u0004 a zip renamed to .pdf %%EOF")));
        Assert.False(CandidateFile.IsPdf(Encoding.ASCII.GetBytes("%PDF-1.7 but truncated, no end marker")));
        Assert.False(CandidateFile.IsPdf(Encoding.ASCII.GetBytes("<html>%PDF-9.9 %%EOF</html>")));
    }

    [Fact]
    public void Resume_RefusesANonPdf_AndAnEmptyOrOversizedFile()
    {
        Assert.Equal("ResumeNotPdf", Assert.Throws<DomainException>(() => CandidateFile.Resume(Guid.NewGuid(), Guid.NewGuid(), "cv.pdf", Encoding.ASCII.GetBytes("MZ an exe"), "h", "u", DateTime.UtcNow)).MessageKey);
        Assert.Equal("ResumeEmpty", Assert.Throws<DomainException>(() => CandidateFile.Resume(Guid.NewGuid(), Guid.NewGuid(), "cv.pdf", [], "h", "u", DateTime.UtcNow)).MessageKey);
        var big = Pdf((int)CandidateFile.MaxResumeBytes);
        Assert.Equal("ResumeTooLarge", Assert.Throws<DomainException>(() => CandidateFile.Resume(Guid.NewGuid(), Guid.NewGuid(), "cv.pdf", big, "h", "u", DateTime.UtcNow)).MessageKey);
    }

    [Fact]
    public void Resume_KeepsOnlyTheFileNameOfTheUpload_NeverAPath()
    {
        var file = CandidateFile.Resume(Guid.NewGuid(), Guid.NewGuid(), "..\\..\\etc/passwd 简历.pdf", Pdf(), "h", "u", DateTime.UtcNow);

        Assert.Equal("passwd 简历.pdf", file.FileName);
    }

    [Fact]
    public void Note_RequiresText()
    {
        Assert.Equal("NoteRequired", Assert.Throws<DomainException>(() => CandidateNote.Create(Guid.NewGuid(), "  ", "u", DateTime.UtcNow)).MessageKey);
    }
}
