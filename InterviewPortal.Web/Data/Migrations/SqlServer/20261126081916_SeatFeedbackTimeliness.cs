using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
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
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FeedbackSubmittedAtUtc",
                table: "InterviewInterviewers",
                type: "datetime2",
                nullable: true);

            // Seats whose scorecard is already in: the first submission (version 1) and its delay from the end, as
            // InterviewParticipant.RecordFeedbackSubmitted keeps them from now on.
            migrationBuilder.Sql(
                """
                UPDATE p SET p.[FeedbackSubmittedAtUtc] = s.[SubmittedAtUtc]
                FROM [InterviewInterviewers] AS p
                JOIN [Scorecards] AS s ON s.[InterviewId] = p.[InterviewId] AND s.[InterviewerId] = p.[UserId] AND s.[Version] = 1
                WHERE s.[SubmittedAtUtc] IS NOT NULL;
                """);

            migrationBuilder.Sql(
                """
                UPDATE [InterviewInterviewers]
                SET [FeedbackDelaySeconds] = CASE WHEN [FeedbackSubmittedAtUtc] <= [EndUtc] THEN 0
                    ELSE CAST(ROUND(DATEDIFF_BIG(millisecond, [EndUtc], [FeedbackSubmittedAtUtc]) / 1000.0, 0) AS int) END
                WHERE [FeedbackSubmittedAtUtc] IS NOT NULL;
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
