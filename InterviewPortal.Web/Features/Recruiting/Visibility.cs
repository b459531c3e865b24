using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;

namespace InterviewPortal.Web.Features.Recruiting;

/// <summary>
/// What a caller may see, as query filters. Every query a non-recruiter can reach starts here, so an agency user's
/// guessed id simply finds nothing (404), never another agency's row.
/// </summary>
public static class Visibility
{
    public static IQueryable<Candidate> VisibleCandidates(this AppDbContext db, Caller caller)
    {
        if (caller.IsRecruiter)
        {
            return db.Candidates;
        }

        if (caller.IsAgencyOnly)
        {
            // A suspended agency's users see nothing until the agency is reactivated.
            return caller.AgencyId is { } agency && db.Agencies.Any(a => a.Id == agency && a.Status == AgencyStatus.Active)
                ? db.Candidates.Where(c => c.AgencyId == agency)
                : db.Candidates.Where(_ => false);
        }

        if (caller.IsInterviewer)
        {
            var mine = db.InterviewInterviewers.Where(p => p.UserId == caller.UserId).Select(p => p.CandidateId);
            return db.Candidates.Where(c => mine.Contains(c.Id));
        }

        return db.Candidates.Where(_ => false);
    }

    public static IQueryable<Interview> VisibleInterviews(this AppDbContext db, Caller caller)
    {
        if (caller.IsRecruiter)
        {
            return db.Interviews;
        }

        if (caller.IsAgencyOnly)
        {
            return caller.AgencyId is { } agency && db.Agencies.Any(a => a.Id == agency && a.Status == AgencyStatus.Active)
                ? db.Interviews.Where(i => i.AgencyId == agency)
                : db.Interviews.Where(_ => false);
        }

        if (caller.IsInterviewer)
        {
            var mine = db.InterviewInterviewers.Where(p => p.UserId == caller.UserId).Select(p => p.InterviewId);
            return db.Interviews.Where(i => mine.Contains(i.Id));
        }

        return db.Interviews.Where(_ => false);
    }

    /// <summary>
    /// The panel slots of the interviews the caller may see (a slot carries its interview's agency), for lists read
    /// from one person's slots: the same rule as <see cref="VisibleInterviews"/>.
    /// </summary>
    public static IQueryable<InterviewParticipant> VisibleSlots(this AppDbContext db, Caller caller)
    {
        if (caller.IsRecruiter)
        {
            return db.InterviewInterviewers;
        }

        if (caller.IsAgencyOnly)
        {
            return caller.AgencyId is { } agency && db.Agencies.Any(a => a.Id == agency && a.Status == AgencyStatus.Active)
                ? db.InterviewInterviewers.Where(p => p.AgencyId == agency)
                : db.InterviewInterviewers.Where(_ => false);
        }

        if (caller.IsInterviewer)
        {
            return db.InterviewInterviewers.Where(p => p.UserId == caller.UserId);
        }

        return db.InterviewInterviewers.Where(_ => false);
    }
}
