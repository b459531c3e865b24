namespace InterviewPortal.Domain.Permission;

/// <summary>Where the WeChat live-pusher / live-player permission application stands.</summary>
public enum PermissionState
{
    NotStarted,
    Preparing,
    Submitted,
    UnderReview,
    Approved,
    Enabled,
}

/// <summary>How a submission ended.</summary>
public enum SubmissionOutcome
{
    Open,
    Rejected,
    Approved,
}

/// <summary>The reviewer's reason for a rejection: the guide's common reasons, or anything else in free text.</summary>
public enum RejectionReason
{
    Qualifications,
    UnclearMaterials,
    UnclearDescription,
    WrongCategory,
    Other,
}

/// <summary>The uploaded materials. The four screenshots are recommended, the HR service licence optional.</summary>
public enum MaterialKind
{
    BusinessLicence,
    HrServiceLicence,
    ScreenshotHome,
    ScreenshotCreateInterview,
    ScreenshotVideoInterview,
    ScreenshotInterviewList,
}

/// <summary>What Submit requires; each missing one is listed when Submit is refused.</summary>
public enum SubmitRequirement
{
    Category,
    BusinessLicence,
    LicenceCompanyName,
    IcpNumber,
    IcpEntityMatchesLicence,
    BusinessDescription,
}

/// <summary>The two switches under 开发 › 开发管理 › 接口设置 that are turned on after approval.</summary>
public enum LiveSwitch
{
    /// <summary>实时播放音视频流 (live-player).</summary>
    LivePlayer,

    /// <summary>实时录制音视频流 (live-pusher).</summary>
    LivePusher,
}

/// <summary>How a candidate joins the video interview from the mini-program.</summary>
public enum JoinMode
{
    /// <summary>The web page inside the mini-program's web-view: works without any permission.</summary>
    H5WebView,

    /// <summary>ZEGO's WeChat-certified live plugin, when configured.</summary>
    ZegoPlugin,

    /// <summary>live-pusher / live-player: only while the permission is Enabled.</summary>
    NativePusher,
}

public enum CalendarDayKind
{
    /// <summary>A public holiday (or a day off in its bridging arrangement) falling on a weekday.</summary>
    Holiday,

    /// <summary>A weekend day that is a working day (调休上班).</summary>
    MakeUpWorkday,
}
