using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace InterviewPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Scorecards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Competencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Round = table.Column<int>(type: "int", nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Competencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Scorecards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InterviewId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InterviewerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    PreviousVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Status = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    Recommendation = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: true),
                    Strengths = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Concerns = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Scorecards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Scorecards_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScorecardRatings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ScorecardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CompetencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CompetencyName = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false),
                    Score = table.Column<int>(type: "int", nullable: true),
                    Evidence = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScorecardRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScorecardRatings_Scorecards_ScorecardId",
                        column: x => x.ScorecardId,
                        principalTable: "Scorecards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "Competencies",
                columns: new[] { "Id", "Description", "Name", "Order", "Round" },
                values: new object[,]
                {
                    { new Guid("5c0ec000-0000-0000-0000-000000000011"), "经历与技能和岗位要求的契合程度", "岗位匹配", 1, 0 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000012"), "表达清晰、条理分明，能准确理解问题", "沟通表达", 2, 0 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000013"), "对岗位和公司的兴趣与理由", "求职动机", 3, 0 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000014"), "薪资、到岗时间、工作地点等期望是否可行", "期望匹配", 4, 0 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000021"), "岗位所需技术的掌握深度与熟练程度", "专业技能", 1, 1 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000022"), "分析问题、拆解思路、找到可行方案的能力", "问题解决", 2, 1 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000023"), "架构取舍、可扩展性与可靠性的考虑", "系统设计", 3, 1 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000024"), "讲清技术方案，理解并回应追问", "沟通表达", 4, 1 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000025"), "掌握新知识、从经验中改进的速度", "学习能力", 5, 1 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000031"), "目标拆解、推进落地、按时交付的记录", "执行与交付", 1, 2 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000032"), "跨团队合作、处理分歧的方式", "团队协作", 2, 2 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000033"), "对结果负责，主动发现并解决问题", "责任心", 3, 2 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000034"), "向上汇报、向下传达是否清楚有效", "沟通表达", 4, 2 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000035"), "承担更大职责的可能性", "成长潜力", 5, 2 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000041"), "价值观与公司文化是否一致", "文化契合", 1, 3 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000042"), "职业规划与岗位发展是否匹配", "职业动机", 2, 3 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000043"), "过往任职时长与离职原因", "稳定性", 3, 3 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000044"), "沟通是否坦诚、清晰", "沟通表达", 4, 3 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000051"), "专业能力与经验的整体水平", "综合能力", 1, 4 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000052"), "影响他人、带领团队达成目标", "领导力", 2, 4 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000053"), "理解业务方向，做出长期判断", "战略思维", 3, 4 },
                    { new Guid("5c0ec000-0000-0000-0000-000000000054"), "与公司价值观和团队的契合程度", "文化契合", 4, 4 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Competencies_Round_Order",
                table: "Competencies",
                columns: new[] { "Round", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_ScorecardRatings_ScorecardId_CompetencyId",
                table: "ScorecardRatings",
                columns: new[] { "ScorecardId", "CompetencyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Scorecards_InterviewerId_Status_InterviewId",
                table: "Scorecards",
                columns: new[] { "InterviewerId", "Status", "InterviewId" });

            migrationBuilder.CreateIndex(
                name: "IX_Scorecards_InterviewId_InterviewerId_Version",
                table: "Scorecards",
                columns: new[] { "InterviewId", "InterviewerId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Competencies");

            migrationBuilder.DropTable(
                name: "ScorecardRatings");

            migrationBuilder.DropTable(
                name: "Scorecards");
        }
    }
}
