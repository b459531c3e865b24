using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecruitingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interviews_AgencyId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_CandidateId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_PositionId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Round_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_InterviewInterviewers_UserId_StartUtc",
                table: "InterviewInterviewers");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_AgencyId_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_Stage_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_CandidatePositions_PositionId",
                table: "CandidatePositions");

            migrationBuilder.AddColumn<Guid>(
                name: "AgencyId",
                table: "InterviewInterviewers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CandidateId",
                table: "InterviewInterviewers",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "PositionId",
                table: "InterviewInterviewers",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "Round",
                table: "InterviewInterviewers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "InterviewInterviewers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CandidateNameGrams",
                columns: table => new
                {
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Gram = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CandidateNameGrams", x => new { x.Gram, x.CandidateId });
                    table.ForeignKey(
                        name: "FK_CandidateNameGrams_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(
                """
                UPDATE "InterviewInterviewers" SET
                    "CandidateId" = (SELECT i."CandidateId" FROM "Interviews" AS i WHERE i."Id" = "InterviewInterviewers"."InterviewId"),
                    "PositionId" = (SELECT i."PositionId" FROM "Interviews" AS i WHERE i."Id" = "InterviewInterviewers"."InterviewId"),
                    "AgencyId" = (SELECT i."AgencyId" FROM "Interviews" AS i WHERE i."Id" = "InterviewInterviewers"."InterviewId"),
                    "Round" = (SELECT i."Round" FROM "Interviews" AS i WHERE i."Id" = "InterviewInterviewers"."InterviewId"),
                    "Status" = (SELECT i."Status" FROM "Interviews" AS i WHERE i."Id" = "InterviewInterviewers"."InterviewId");
                """);

            migrationBuilder.Sql(
                """
                WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 100)
                INSERT OR IGNORE INTO "CandidateNameGrams" ("Gram", "CandidateId")
                SELECT lower(substr(c."Name", n.k, 1)), c."Id" FROM "Candidates" AS c JOIN n ON n.k <= length(c."Name")
                WHERE substr(c."Name", n.k, 1) <> ' '
                UNION
                SELECT lower(substr(c."Name", n.k, 2)), c."Id" FROM "Candidates" AS c JOIN n ON n.k < length(c."Name")
                WHERE instr(substr(c."Name", n.k, 2), ' ') = 0;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_AgencyId_StartUtc",
                table: "Interviews",
                columns: new[] { "AgencyId", "StartUtc", "Id", "Status", "Round", "PositionId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_CandidateId_StartUtc",
                table: "Interviews",
                columns: new[] { "CandidateId", "StartUtc", "Id", "Status", "Round", "PositionId", "AgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_PositionId_StartUtc",
                table: "Interviews",
                columns: new[] { "PositionId", "StartUtc", "Id", "Status", "Round", "AgencyId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc",
                table: "Interviews",
                columns: new[] { "StartUtc", "Id", "Status", "Round", "PositionId", "AgencyId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Status",
                table: "Interviews",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews",
                columns: new[] { "Status", "StartUtc", "Id", "Round", "PositionId", "AgencyId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_InterviewInterviewers_UserId_StartUtc",
                table: "InterviewInterviewers",
                columns: new[] { "UserId", "StartUtc", "InterviewId", "Status", "Round", "PositionId", "AgencyId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_AgencyId_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "AgencyId", "CreatedAtUtc", "Id", "Stage" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "CreatedAtUtc", "Id", "Stage", "AgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_Stage_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "Stage", "CreatedAtUtc", "Id", "AgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePositions_PositionId_CandidateId",
                table: "CandidatePositions",
                columns: new[] { "PositionId", "CandidateId" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidateNameGrams_CandidateId",
                table: "CandidateNameGrams",
                column: "CandidateId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CandidateNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_AgencyId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_CandidateId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_PositionId_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Status",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_InterviewInterviewers_UserId_StartUtc",
                table: "InterviewInterviewers");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_AgencyId_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_Stage_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_CandidatePositions_PositionId_CandidateId",
                table: "CandidatePositions");

            migrationBuilder.DropColumn(
                name: "AgencyId",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "CandidateId",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "PositionId",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "Round",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "InterviewInterviewers");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_AgencyId_StartUtc",
                table: "Interviews",
                columns: new[] { "AgencyId", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_CandidateId_StartUtc",
                table: "Interviews",
                columns: new[] { "CandidateId", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_PositionId_StartUtc",
                table: "Interviews",
                columns: new[] { "PositionId", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Round_StartUtc",
                table: "Interviews",
                columns: new[] { "Round", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc",
                table: "Interviews",
                column: "StartUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews",
                columns: new[] { "Status", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_InterviewInterviewers_UserId_StartUtc",
                table: "InterviewInterviewers",
                columns: new[] { "UserId", "StartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_AgencyId_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "AgencyId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_CreatedAtUtc",
                table: "Candidates",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_Stage_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "Stage", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidatePositions_PositionId",
                table: "CandidatePositions",
                column: "PositionId");
        }
    }
}
