using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InterviewRecordingCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews");

            migrationBuilder.AddColumn<bool>(
                name: "RecordingConsent",
                table: "Interviews",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RecordingStarted",
                table: "Interviews",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Interviews held before this: the latest recording answer given for each (ConsentKind.Recording = 1) and whether
            // a cloud recording started, as the mini-program's consent and the recording start keep them from now on.
            migrationBuilder.Sql(
                """
                UPDATE "Interviews" SET "RecordingConsent" = (
                    SELECT c."Granted" FROM "ConsentRecords" AS c
                    WHERE c."InterviewId" = "Interviews"."Id" AND c."Kind" = 1
                    ORDER BY c."AtUtc" DESC, c."Id" DESC LIMIT 1)
                WHERE EXISTS (SELECT 1 FROM "ConsentRecords" AS c WHERE c."InterviewId" = "Interviews"."Id" AND c."Kind" = 1);
                """);

            migrationBuilder.Sql(
                """
                UPDATE "Interviews" SET "RecordingStarted" = 1
                WHERE EXISTS (SELECT 1 FROM "Recordings" AS r WHERE r."InterviewId" = "Interviews"."Id" AND r."StartedAtUtc" IS NOT NULL);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews",
                columns: new[] { "StartUtc", "Round", "Status", "Version", "CandidateReschedules", "PositionId", "AgencyId", "RecordingConsent", "RecordingStarted" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "RecordingConsent",
                table: "Interviews");

            migrationBuilder.DropColumn(
                name: "RecordingStarted",
                table: "Interviews");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews",
                columns: new[] { "StartUtc", "Round", "Status", "Version", "CandidateReschedules", "PositionId", "AgencyId" });
        }
    }
}
