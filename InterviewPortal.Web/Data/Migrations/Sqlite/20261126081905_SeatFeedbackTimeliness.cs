using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeatFeedbackTimeliness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers");

            migrationBuilder.AddColumn<int>(
                name: "FeedbackDelaySeconds",
                table: "InterviewInterviewers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FeedbackSubmittedAtUtc",
                table: "InterviewInterviewers",
                type: "TEXT",
                nullable: true);

            // Seats whose scorecard is already in: the first submission (version 1) and its delay from the end, as
            // InterviewParticipant.RecordFeedbackSubmitted keeps them from now on.
            migrationBuilder.Sql(
                """
                UPDATE "InterviewInterviewers" SET "FeedbackSubmittedAtUtc" = (
                    SELECT s."SubmittedAtUtc" FROM "Scorecards" AS s
                    WHERE s."InterviewId" = "InterviewInterviewers"."InterviewId" AND s."InterviewerId" = "InterviewInterviewers"."UserId"
                      AND s."Version" = 1 AND s."SubmittedAtUtc" IS NOT NULL)
                WHERE EXISTS (
                    SELECT 1 FROM "Scorecards" AS s
                    WHERE s."InterviewId" = "InterviewInterviewers"."InterviewId" AND s."InterviewerId" = "InterviewInterviewers"."UserId"
                      AND s."Version" = 1 AND s."SubmittedAtUtc" IS NOT NULL);
                """);

            migrationBuilder.Sql(
                """
                UPDATE "InterviewInterviewers"
                SET "FeedbackDelaySeconds" = MAX(0, CAST(ROUND((julianday("FeedbackSubmittedAtUtc") - julianday("EndUtc")) * 86400.0) AS INTEGER))
                WHERE "FeedbackSubmittedAtUtc" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers",
                columns: new[] { "StartUtc", "UserId", "Status", "Round", "PositionId", "AgencyId", "InterviewId", "EndUtc", "FeedbackDelaySeconds" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "FeedbackDelaySeconds",
                table: "InterviewInterviewers");

            migrationBuilder.DropColumn(
                name: "FeedbackSubmittedAtUtc",
                table: "InterviewInterviewers");

            migrationBuilder.CreateIndex(
                name: "IX_InterviewInterviewers_StartUtc",
                table: "InterviewInterviewers",
                columns: new[] { "StartUtc", "UserId", "Status", "Round", "PositionId", "AgencyId", "InterviewId", "EndUtc" });
        }
    }
}
