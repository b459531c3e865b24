using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Invitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "WeChatBoundAtUtc",
                table: "Candidates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeChatOpenId",
                table: "Candidates",
                type: "TEXT",
                unicode: false,
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Granted = table.Column<bool>(type: "INTEGER", nullable: false),
                    NoticeVersion = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsentRecords_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Invitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterviewVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    ProtectedToken = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokeReason = table.Column<int>(type: "INTEGER", nullable: true),
                    CodeKind = table.Column<int>(type: "INTEGER", nullable: true),
                    CodeReadyAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CodeError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DownloadCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDownloadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PrintCount = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstOpenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OpenedInMiniProgramAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcceptedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    JoinCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstJoinedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Invitations_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Invitations_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MiniProgramSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    OpenId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MiniProgramSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RescheduleRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InterviewVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RescheduleRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RescheduleRequests_Interviews_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_WeChatOpenId",
                table: "Candidates",
                column: "WeChatOpenId");

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_CandidateId_Kind_AtUtc",
                table: "ConsentRecords",
                columns: new[] { "CandidateId", "Kind", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_CandidateId",
                table: "Invitations",
                column: "CandidateId");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_InterviewId_CreatedAtUtc",
                table: "Invitations",
                columns: new[] { "InterviewId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_RevokedAtUtc_ExpiresAtUtc",
                table: "Invitations",
                columns: new[] { "RevokedAtUtc", "ExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_TokenHash",
                table: "Invitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MiniProgramSessions_ExpiresAtUtc",
                table: "MiniProgramSessions",
                column: "ExpiresAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_MiniProgramSessions_TokenHash",
                table: "MiniProgramSessions",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RescheduleRequests_InterviewId_CreatedAtUtc",
                table: "RescheduleRequests",
                columns: new[] { "InterviewId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RescheduleRequests_Status_CreatedAtUtc",
                table: "RescheduleRequests",
                columns: new[] { "Status", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropTable(
                name: "Invitations");

            migrationBuilder.DropTable(
                name: "MiniProgramSessions");

            migrationBuilder.DropTable(
                name: "RescheduleRequests");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_WeChatOpenId",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "WeChatBoundAtUtc",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "WeChatOpenId",
                table: "Candidates");
        }
    }
}
