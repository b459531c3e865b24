namespace InterviewPortal.Web.Features.Audit;

/// <summary>The audit trail's action names. Stored in the database and shown in filters: never rename one.</summary>
public static class AuditActions
{
    public const string SignInSucceeded = "SignIn.Succeeded";
    public const string SignInFailed = "SignIn.Failed";
    public const string SignInSecondFactorRequired = "SignIn.SecondFactorRequired";
    public const string SignInLockedOut = "SignIn.LockedOut";
    public const string SignInRefused = "SignIn.Refused";
    public const string SignedOut = "SignOut";
    public const string PasswordChanged = "Password.Changed";
    public const string TwoFactorEnabled = "TwoFactor.Enabled";
    public const string TwoFactorDisabled = "TwoFactor.Disabled";
    public const string AdminBootstrapped = "User.BootstrapAdmin";
    public const string UserCreated = "User.Created";
    public const string UserRolesChanged = "User.RolesChanged";
    public const string UserDisabled = "User.Disabled";
    public const string UserEnabled = "User.Enabled";
    public const string UserPasswordReset = "User.PasswordReset";
    public const string UserUnlocked = "User.Unlocked";
    public const string SettingsChanged = "Settings.Changed";
    public const string AuditVerified = "Audit.Verified";
    public const string AuditViewed = "Audit.Viewed";
    public const string PositionCreated = "Position.Created";
    public const string PositionUpdated = "Position.Updated";
    public const string PositionOpened = "Position.Opened";
    public const string PositionClosed = "Position.Closed";
    public const string AgencyCreated = "Agency.Created";
    public const string AgencyUpdated = "Agency.Updated";
    public const string AgencyStatusChanged = "Agency.StatusChanged";
    public const string CandidateCreated = "Candidate.Created";
    public const string CandidateUpdated = "Candidate.Updated";
    public const string CandidateStageChanged = "Candidate.StageChanged";
    public const string CandidateViewed = "Candidate.Viewed";
    public const string CandidateImported = "Candidate.Imported";
    public const string CandidateResumeUploaded = "Candidate.ResumeUploaded";
    public const string CandidateResumeDownloaded = "Candidate.ResumeDownloaded";
    public const string CandidateNoteAdded = "Candidate.NoteAdded";
    public const string InterviewScheduled = "Interview.Scheduled";
    public const string InterviewRescheduled = "Interview.Rescheduled";
    public const string InterviewCancelled = "Interview.Cancelled";
    public const string InterviewStatusChanged = "Interview.StatusChanged";
    public const string InterviewDoubleBookingOverridden = "Interview.DoubleBookingOverridden";
    public const string InvitationIssued = "Invitation.Issued";
    public const string InvitationRevoked = "Invitation.Revoked";
    public const string InvitationViewed = "Invitation.Viewed";
    public const string InvitationCodeDownloaded = "Invitation.CodeDownloaded";
    public const string InvitationPrinted = "Invitation.Printed";
    public const string InvitationBatchDownloaded = "Invitation.BatchDownloaded";
    public const string DemoSeeded = "Demo.Seeded";
}
