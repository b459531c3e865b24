using InterviewPortal.Domain.Permission;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>
/// What the migration seeds: the service categories (the seed guide's five and WeChat's current live-pusher list) and the
/// mainland China holiday calendar for 2026 and 2027. Both are data, edited by admins afterwards.
/// </summary>
public static class PermissionSeed
{
    /// <summary>When the category list was checked against WeChat's live-pusher page (developers.weixin.qq.com/miniprogram/dev/component/live-pusher).</summary>
    public static readonly DateOnly CategoriesCheckedOn = new(2026, 11, 25);

    public static readonly Guid ItMultiPartyCommunication = new("6d1c0a51-0000-4000-8000-000000000101");
    public static readonly Guid EducationOnlineVideoCourses = new("6d1c0a51-0000-4000-8000-000000000102");
    public static readonly Guid SocialLive = new("6d1c0a51-0000-4000-8000-000000000103");
    public static readonly Guid MedicalInternetHospital = new("6d1c0a51-0000-4000-8000-000000000104");
    public static readonly Guid GuideRecruitingOnlineInterview = new("6d1c0a51-0000-4000-8000-000000000002");

    private const string Licence = "营业执照";
    private const string LicenceAndIcp = "营业执照；ICP备案";
    private const string Current = "微信 live-pusher 组件文档当前列出的可开通类目";

    public static IReadOnlyList<ServiceCategory> Categories() =>
    [
        // The seed guide's five (v1.0, 2025-11-08), as it wrote them, with what WeChat's current list says about each.
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000001"), "教育", "在线教育", "在线视频课程", LicenceAndIcp, "教育相关资质", "在线培训、远程教学",
            false, EducationOnlineVideoCourses, "指南写法；现行类目为两级「教育 › 在线视频课程」（在线教育为旧名），且场景须为教学，HR 面试不适用", CategoriesCheckedOn),
        ServiceCategory.Create(GuideRecruitingOnlineInterview, "商业服务", "招聘/求职", "在线面试", LicenceAndIcp, "人力资源服务许可证", "视频面试、远程面试",
            false, ItMultiPartyCommunication, "指南推荐，但不在微信现行可开通列表中（商业服务下仅「公证」可开通）；招聘类目不能开通 live-pusher", CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000003"), "医疗", "互联网医院", "在线问诊", "营业执照；医疗机构执业许可证；互联网医院资质", null, "远程医疗、在线咨询",
            false, MedicalInternetHospital, "「在线问诊」是场景而非类目层级；现行类目为「医疗 › 互联网医院」，不适用于招聘", CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000004"), "商业服务", "企业管理", "视频会议", LicenceAndIcp, null, "企业内部会议",
            false, ItMultiPartyCommunication, "不在现行列表中；视频会议对应「IT科技 › 多方通信」", CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000005"), "社交", "直播", "视频聊天", "营业执照；ICP备案；网络文化经营许可证；信息网络传播视听节目许可证", null, "社交视频通话",
            false, SocialLive, "「视频聊天」不是类目层级；现行类目为「社交 › 直播」", CategoriesCheckedOn),

        // WeChat's current list (eligible).
        ServiceCategory.Create(ItMultiPartyCommunication, "IT科技", "多方通信", null, LicenceAndIcp, "人力资源服务许可证", "多方电话、视频会议（最接近视频面试的可开通类目）", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000105"), "IT科技", "音视频设备", null, LicenceAndIcp, null, "智能家居摄像头控制", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(SocialLive, "社交", "直播", null, LicenceAndIcp, "网络文化经营许可证；信息网络传播视听节目许可证", "非表演类直播（电商、教育等）；首次代码审核由属地网信部门审核，约 7 天", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000106"), "社交", "直播表演", null, LicenceAndIcp, "网络文化经营许可证", "表演类直播（游戏、演出、音乐会）；约 7 天属地审核", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(EducationOnlineVideoCourses, "教育", "在线视频课程", null, LicenceAndIcp, "教育相关资质", "在线课程、培训、讲座", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(MedicalInternetHospital, "医疗", "互联网医院", null, "营业执照；医疗机构执业许可证；互联网医院资质", null, "问诊、健康讲座", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000107"), "医疗", "公立医疗机构", null, "医疗机构执业许可证", null, "问诊、健康讲座", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000108"), "医疗", "三级私立医疗机构", null, "医疗机构执业许可证", null, "问诊、健康讲座", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000109"), "医疗", "其他私立医疗机构", null, "医疗机构执业许可证", null, "问诊、健康讲座", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000110"), "金融", "银行", null, "金融业务许可证", null, "视频理赔、视频客服、产品推介", true, null, Current + "（金融类另含信托、基金、证券/期货、保险、征信、消费金融、融资担保、汽车金融/租赁等）", CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000111"), "金融", "保险", null, "保险业务许可证", null, "视频理赔、视频客服、产品推介", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000112"), "金融", "证券/期货", null, "经营证券期货业务许可证", null, "视频客服、产品推介", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000113"), "汽车", "汽车预售", null, Licence, null, "汽车预售与推广直播", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000114"), "政府主体账号", null, null, "政府主体资质", null, "政府直播", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000115"), "房地产服务", "房地产营销", null, Licence, null, "楼盘营销、线上看房", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000116"), "商业服务", "公证", null, "公证机构执业证书", null, "在线公证", true, null, Current, CategoriesCheckedOn),
        ServiceCategory.Create(new("6d1c0a51-0000-4000-8000-000000000117"), "公共服务", "交通运输", null, "政府主体资质", null, "仅限香港、澳门特别行政区政府的交通运输服务", true, null, Current, CategoriesCheckedOn),
    ];

    /// <summary>
    /// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, 国办发明电〔2025〕7号, published by Xinhua).
    /// 2027: the State Council's notice was not available when this was written, so only the statutory days of the
    /// 全国年节及纪念日放假办法 (2024 revision) that fall on weekdays are seeded — no bridging days and no make-up
    /// Saturdays. Admins complete 2027 from the notice when it is published.
    /// </summary>
    public static IReadOnlyList<CalendarDay> Calendar()
    {
        var days = new List<CalendarDay>();
        void Off(int y, int m, int d, int count, string name)
        {
            for (var i = 0; i < count; i++)
            {
                var date = new DateOnly(y, m, d).AddDays(i);
                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    days.Add(CalendarDay.Create(date, CalendarDayKind.Holiday, name));
                }
            }
        }

        void Work(int y, int m, int d, string name) => days.Add(CalendarDay.Create(new DateOnly(y, m, d), CalendarDayKind.MakeUpWorkday, name));

        Off(2026, 1, 1, 3, "元旦");
        Work(2026, 1, 4, "元旦调休上班");
        Off(2026, 2, 15, 9, "春节");
        Work(2026, 2, 14, "春节调休上班");
        Work(2026, 2, 28, "春节调休上班");
        Off(2026, 4, 4, 3, "清明节");
        Off(2026, 5, 1, 5, "劳动节");
        Work(2026, 5, 9, "劳动节调休上班");
        Off(2026, 6, 19, 3, "端午节");
        Off(2026, 9, 25, 3, "中秋节");
        Off(2026, 10, 1, 7, "国庆节");
        Work(2026, 9, 20, "国庆节调休上班");
        Work(2026, 10, 10, "国庆节调休上班");

        const string Provisional = "（法定日，待2027年放假通知）";
        Off(2027, 1, 1, 1, "元旦" + Provisional);
        Off(2027, 2, 5, 4, "春节" + Provisional);     // 除夕 2-05 to 初三 2-08
        Off(2027, 4, 5, 1, "清明节" + Provisional);
        Off(2027, 5, 1, 2, "劳动节" + Provisional);   // a Saturday and Sunday: nothing on a weekday until the notice
        Off(2027, 6, 9, 1, "端午节" + Provisional);
        Off(2027, 9, 15, 1, "中秋节" + Provisional);
        Off(2027, 10, 1, 3, "国庆节" + Provisional);
        return days;
    }
}
