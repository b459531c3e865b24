using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ListAndReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews",
                columns: new[] { "StartUtc", "Round", "Status", "Version", "CandidateReschedules", "PositionId", "AgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews",
                columns: new[] { "Status", "StartUtc", "Id", "Round", "PositionId", "AgencyId", "CandidateId", "RecordingConsent", "RecordingStarted" });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_AgencyId_Stage_CreatedAtUtc",
                table: "Candidates",
                columns: new[] { "AgencyId", "Stage", "CreatedAtUtc", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_AgencyId_Stage_CreatedAtUtc",
                table: "Candidates");

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews",
                columns: new[] { "StartUtc", "Round", "Status", "Version", "CandidateReschedules", "PositionId", "AgencyId", "RecordingConsent", "RecordingStarted" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_Status_StartUtc",
                table: "Interviews",
                columns: new[] { "Status", "StartUtc", "Id", "Round", "PositionId", "AgencyId", "CandidateId" });
        }
    }
}
