using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
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
                type: "int",
                nullable: true);

            // Moves made before this: the seconds since the candidate's previous move (when the left stage was entered), as
            // Candidate.MoveTo keeps them from now on.
            migrationBuilder.Sql(
                """
                UPDATE h SET h.[SecondsInFrom] = CASE WHEN prev.[AtUtc] >= h.[AtUtc] THEN 0
                    ELSE CAST(ROUND(DATEDIFF_BIG(millisecond, prev.[AtUtc], h.[AtUtc]) / 1000.0, 0) AS int) END
                FROM [CandidateStageChanges] AS h
                CROSS APPLY (SELECT MAX(p.[AtUtc]) AS [AtUtc] FROM [CandidateStageChanges] AS p
                             WHERE p.[CandidateId] = h.[CandidateId] AND p.[AtUtc] < h.[AtUtc]) AS prev
                WHERE h.[From] IS NOT NULL AND prev.[AtUtc] IS NOT NULL;
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
