using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StageChangeDuration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges");

            migrationBuilder.AddColumn<int>(
                name: "SecondsInFrom",
                table: "CandidateStageChanges",
                type: "INTEGER",
                nullable: true);

            // Moves made before this: the seconds since the candidate's previous move (when the left stage was entered), as
            // Candidate.MoveTo keeps them from now on.
            migrationBuilder.Sql(
                """
                UPDATE "CandidateStageChanges" SET "SecondsInFrom" = MAX(0, CAST(ROUND((julianday("AtUtc") - julianday((
                    SELECT MAX(p."AtUtc") FROM "CandidateStageChanges" AS p
                    WHERE p."CandidateId" = "CandidateStageChanges"."CandidateId" AND p."AtUtc" < "CandidateStageChanges"."AtUtc"))) * 86400.0) AS INTEGER))
                WHERE "From" IS NOT NULL AND EXISTS (
                    SELECT 1 FROM "CandidateStageChanges" AS p
                    WHERE p."CandidateId" = "CandidateStageChanges"."CandidateId" AND p."AtUtc" < "CandidateStageChanges"."AtUtc");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges",
                columns: new[] { "AtUtc", "To", "From", "CandidateId", "SecondsInFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges");

            migrationBuilder.DropColumn(
                name: "SecondsInFrom",
                table: "CandidateStageChanges");

            migrationBuilder.CreateIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges",
                columns: new[] { "AtUtc", "To", "From", "CandidateId" });
        }
    }
}
