namespace InterviewPortal.Domain.Permission;

/// <summary>
/// The business description (业务说明) from the seed guide's template: five sections, filled from the company's data.
/// Always in Chinese: it is read by WeChat's reviewers, whatever the portal user's language.
/// </summary>
public static class BusinessDescription
{
    public static readonly IReadOnlyList<string> SectionTitles = ["产品介绍", "主要功能", "使用流程", "用户群体", "安全保障"];

    public static string Generate(string productName, string companyName, string? appId = null)
    {
        var lines = new List<string>
        {
            $"# {productName} - 业务说明",
            "",
            $"运营主体：{companyName}" + (string.IsNullOrEmpty(appId) ? "" : $"（小程序 AppID：{appId}）"),
            "",
            $"## 1. {SectionTitles[0]}",
            $"{productName}是{companyName}为企业提供的在线视频面试服务，帮助招聘人员（HR）与求职者进行远程视频面试。",
            "",
            $"## 2. {SectionTitles[1]}",
            "- 创建面试并邀请求职者",
            "- 多方实时音视频通话（面试官与求职者）",
            "- 面试中的实时沟通",
            "- 面试记录与面试评价",
            "",
            $"## 3. {SectionTitles[2]}",
            "1. HR 在企业后台安排面试",
            "2. 系统向求职者发送面试邀请（小程序码或链接）",
            "3. 求职者在小程序中确认身份并授权摄像头和麦克风",
            "4. 面试官与求职者进入同一面试房间",
            "5. 开始视频面试，结束后 HR 查看面试记录",
            "",
            $"## 4. {SectionTitles[3]}",
            "- 企业 HR 与面试官",
            "- 求职者",
            "- 合作招聘机构",
            "",
            $"## 5. {SectionTitles[4]}",
            "- 仅受邀求职者凭一次性邀请码进入面试，邀请过期或取消后失效",
            "- 音视频传输加密，录制须经求职者事先同意",
            "- 个人信息依据《个人信息保护法》处理，敏感操作全程留痕审计",
        };
        return string.Join("\n", lines);
    }
}
