using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Scorecards_Timeliness",
                table: "Scorecards",
                columns: new[] { "InterviewId", "InterviewerId", "Version", "Status", "SubmittedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews",
                columns: new[] { "StartUtc", "Round", "Status", "Version", "CandidateReschedules", "PositionId", "AgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers",
                columns: new[] { "StartUtc", "UserId", "Status", "Round", "PositionId", "AgencyId", "InterviewId", "EndUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_InterviewId_Kind_AtUtc",
                table: "ConsentRecords",
                columns: new[] { "InterviewId", "Kind", "AtUtc", "Granted" });

            migrationBuilder.CreateIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges",
                columns: new[] { "AtUtc", "To", "From", "CandidateId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Scorecards_Timeliness",
                table: "Scorecards");

            migrationBuilder.DropIndex(
                name: "IX_Interviews_StartUtc_Reschedules",
                table: "Interviews");

            migrationBuilder.DropIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers");

            migrationBuilder.DropIndex(
                name: "IX_ConsentRecords_InterviewId_Kind_AtUtc",
                table: "ConsentRecords");

            migrationBuilder.DropIndex(
                name: "IX_CandidateStageChanges_AtUtc",
                table: "CandidateStageChanges");
        }
    }
}
