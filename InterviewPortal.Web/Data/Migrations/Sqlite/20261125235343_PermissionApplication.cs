using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PermissionApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HolidayCalendar",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HolidayCalendar", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    MessageKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    Arguments = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    DedupKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PermissionCategories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level1 = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Level2 = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Level3 = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    RequiredQualifications = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OptionalQualifications = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Scenarios = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EligibleForLivePusher = table.Column<bool>(type: "INTEGER", nullable: false),
                    EligibleAlternativeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastCheckedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermissionCategories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PermissionCategories_PermissionCategories_EligibleAlternativeId",
                        column: x => x.EligibleAlternativeId,
                        principalTable: "PermissionCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PermissionApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    State = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CategoryPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CategoryEligible = table.Column<bool>(type: "INTEGER", nullable: true),
                    LicenceCompanyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IcpNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IcpEntityName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BusinessDescription = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LivePlayerSwitchedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    LivePlayerSwitchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LivePusherSwitchedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    LivePusherSwitchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EnabledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermissionApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PermissionApplications_PermissionCategories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "PermissionCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PermissionMaterials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 30, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReplacedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermissionMaterials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PermissionMaterials_PermissionApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "PermissionApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PermissionSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    UnderReviewAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    RejectionReason = table.Column<string>(type: "TEXT", unicode: false, maxLength: 30, nullable: true),
                    RejectionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CategoryPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CategoryEligible = table.Column<bool>(type: "INTEGER", nullable: true),
                    LicenceCompanyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    IcpNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IcpEntityName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BusinessDescription = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    MaterialIds = table.Column<string>(type: "TEXT", unicode: false, maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PermissionSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PermissionSubmissions_PermissionApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "PermissionApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "HolidayCalendar",
                columns: new[] { "Date", "Kind", "Name" },
                values: new object[,]
                {
                    { new DateOnly(2026, 1, 1), "Holiday", "元旦" },
                    { new DateOnly(2026, 1, 2), "Holiday", "元旦" },
                    { new DateOnly(2026, 1, 4), "MakeUpWorkday", "元旦调休上班" },
                    { new DateOnly(2026, 2, 14), "MakeUpWorkday", "春节调休上班" },
                    { new DateOnly(2026, 2, 16), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 17), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 18), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 19), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 20), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 23), "Holiday", "春节" },
                    { new DateOnly(2026, 2, 28), "MakeUpWorkday", "春节调休上班" },
                    { new DateOnly(2026, 4, 6), "Holiday", "清明节" },
                    { new DateOnly(2026, 5, 1), "Holiday", "劳动节" },
                    { new DateOnly(2026, 5, 4), "Holiday", "劳动节" },
                    { new DateOnly(2026, 5, 5), "Holiday", "劳动节" },
                    { new DateOnly(2026, 5, 9), "MakeUpWorkday", "劳动节调休上班" },
                    { new DateOnly(2026, 6, 19), "Holiday", "端午节" },
                    { new DateOnly(2026, 9, 20), "MakeUpWorkday", "国庆节调休上班" },
                    { new DateOnly(2026, 9, 25), "Holiday", "中秋节" },
                    { new DateOnly(2026, 10, 1), "Holiday", "国庆节" },
                    { new DateOnly(2026, 10, 2), "Holiday", "国庆节" },
                    { new DateOnly(2026, 10, 5), "Holiday", "国庆节" },
                    { new DateOnly(2026, 10, 6), "Holiday", "国庆节" },
                    { new DateOnly(2026, 10, 7), "Holiday", "国庆节" },
                    { new DateOnly(2026, 10, 10), "MakeUpWorkday", "国庆节调休上班" },
                    { new DateOnly(2027, 1, 1), "Holiday", "元旦（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 2, 5), "Holiday", "春节（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 2, 8), "Holiday", "春节（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 4, 5), "Holiday", "清明节（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 6, 9), "Holiday", "端午节（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 9, 15), "Holiday", "中秋节（法定日，待2027年放假通知）" },
                    { new DateOnly(2027, 10, 1), "Holiday", "国庆节（法定日，待2027年放假通知）" }
                });

            migrationBuilder.InsertData(
                table: "PermissionCategories",
                columns: new[] { "Id", "EligibleAlternativeId", "EligibleForLivePusher", "LastCheckedOn", "Level1", "Level2", "Level3", "Note", "OptionalQualifications", "RequiredQualifications", "Scenarios", "Version" },
                values: new object[,]
                {
                    { new Guid("6d1c0a51-0000-4000-8000-000000000101"), null, true, new DateOnly(2026, 11, 25), "IT科技", "多方通信", null, "微信 live-pusher 组件文档当前列出的可开通类目", "人力资源服务许可证", "营业执照；ICP备案", "多方电话、视频会议（最接近视频面试的可开通类目）", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000102"), null, true, new DateOnly(2026, 11, 25), "教育", "在线视频课程", null, "微信 live-pusher 组件文档当前列出的可开通类目", "教育相关资质", "营业执照；ICP备案", "在线课程、培训、讲座", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000103"), null, true, new DateOnly(2026, 11, 25), "社交", "直播", null, "微信 live-pusher 组件文档当前列出的可开通类目", "网络文化经营许可证；信息网络传播视听节目许可证", "营业执照；ICP备案", "非表演类直播（电商、教育等）；首次代码审核由属地网信部门审核，约 7 天", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000104"), null, true, new DateOnly(2026, 11, 25), "医疗", "互联网医院", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "营业执照；医疗机构执业许可证；互联网医院资质", "问诊、健康讲座", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000105"), null, true, new DateOnly(2026, 11, 25), "IT科技", "音视频设备", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "营业执照；ICP备案", "智能家居摄像头控制", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000106"), null, true, new DateOnly(2026, 11, 25), "社交", "直播表演", null, "微信 live-pusher 组件文档当前列出的可开通类目", "网络文化经营许可证", "营业执照；ICP备案", "表演类直播（游戏、演出、音乐会）；约 7 天属地审核", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000107"), null, true, new DateOnly(2026, 11, 25), "医疗", "公立医疗机构", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "医疗机构执业许可证", "问诊、健康讲座", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000108"), null, true, new DateOnly(2026, 11, 25), "医疗", "三级私立医疗机构", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "医疗机构执业许可证", "问诊、健康讲座", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000109"), null, true, new DateOnly(2026, 11, 25), "医疗", "其他私立医疗机构", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "医疗机构执业许可证", "问诊、健康讲座", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000110"), null, true, new DateOnly(2026, 11, 25), "金融", "银行", null, "微信 live-pusher 组件文档当前列出的可开通类目（金融类另含信托、基金、证券/期货、保险、征信、消费金融、融资担保、汽车金融/租赁等）", null, "金融业务许可证", "视频理赔、视频客服、产品推介", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000111"), null, true, new DateOnly(2026, 11, 25), "金融", "保险", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "保险业务许可证", "视频理赔、视频客服、产品推介", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000112"), null, true, new DateOnly(2026, 11, 25), "金融", "证券/期货", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "经营证券期货业务许可证", "视频客服、产品推介", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000113"), null, true, new DateOnly(2026, 11, 25), "汽车", "汽车预售", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "营业执照", "汽车预售与推广直播", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000114"), null, true, new DateOnly(2026, 11, 25), "政府主体账号", null, null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "政府主体资质", "政府直播", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000115"), null, true, new DateOnly(2026, 11, 25), "房地产服务", "房地产营销", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "营业执照", "楼盘营销、线上看房", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000116"), null, true, new DateOnly(2026, 11, 25), "商业服务", "公证", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "公证机构执业证书", "在线公证", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000117"), null, true, new DateOnly(2026, 11, 25), "公共服务", "交通运输", null, "微信 live-pusher 组件文档当前列出的可开通类目", null, "政府主体资质", "仅限香港、澳门特别行政区政府的交通运输服务", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000001"), new Guid("6d1c0a51-0000-4000-8000-000000000102"), false, new DateOnly(2026, 11, 25), "教育", "在线教育", "在线视频课程", "指南写法；现行类目为两级「教育 › 在线视频课程」（在线教育为旧名），且场景须为教学，HR 面试不适用", "教育相关资质", "营业执照；ICP备案", "在线培训、远程教学", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000002"), new Guid("6d1c0a51-0000-4000-8000-000000000101"), false, new DateOnly(2026, 11, 25), "商业服务", "招聘/求职", "在线面试", "指南推荐，但不在微信现行可开通列表中（商业服务下仅「公证」可开通）；招聘类目不能开通 live-pusher", "人力资源服务许可证", "营业执照；ICP备案", "视频面试、远程面试", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000003"), new Guid("6d1c0a51-0000-4000-8000-000000000104"), false, new DateOnly(2026, 11, 25), "医疗", "互联网医院", "在线问诊", "「在线问诊」是场景而非类目层级；现行类目为「医疗 › 互联网医院」，不适用于招聘", null, "营业执照；医疗机构执业许可证；互联网医院资质", "远程医疗、在线咨询", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000004"), new Guid("6d1c0a51-0000-4000-8000-000000000101"), false, new DateOnly(2026, 11, 25), "商业服务", "企业管理", "视频会议", "不在现行列表中；视频会议对应「IT科技 › 多方通信」", null, "营业执照；ICP备案", "企业内部会议", 1 },
                    { new Guid("6d1c0a51-0000-4000-8000-000000000005"), new Guid("6d1c0a51-0000-4000-8000-000000000103"), false, new DateOnly(2026, 11, 25), "社交", "直播", "视频聊天", "「视频聊天」不是类目层级；现行类目为「社交 › 直播」", null, "营业执照；ICP备案；网络文化经营许可证；信息网络传播视听节目许可证", "社交视频通话", 1 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_DedupKey",
                table: "Notifications",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_ReadAtUtc_CreatedAtUtc",
                table: "Notifications",
                columns: new[] { "UserId", "ReadAtUtc", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PermissionApplications_AppId",
                table: "PermissionApplications",
                column: "AppId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PermissionApplications_CategoryId",
                table: "PermissionApplications",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_PermissionApplications_State",
                table: "PermissionApplications",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_PermissionCategories_EligibleAlternativeId",
                table: "PermissionCategories",
                column: "EligibleAlternativeId");

            migrationBuilder.CreateIndex(
                name: "IX_PermissionMaterials_ApplicationId_Kind",
                table: "PermissionMaterials",
                columns: new[] { "ApplicationId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_PermissionSubmissions_ApplicationId_Number",
                table: "PermissionSubmissions",
                columns: new[] { "ApplicationId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HolidayCalendar");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "PermissionMaterials");

            migrationBuilder.DropTable(
                name: "PermissionSubmissions");

            migrationBuilder.DropTable(
                name: "PermissionApplications");

            migrationBuilder.DropTable(
                name: "PermissionCategories");
        }
    }
}
