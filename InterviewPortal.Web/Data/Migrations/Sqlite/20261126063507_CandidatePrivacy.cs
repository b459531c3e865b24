using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CandidatePrivacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RecordedBy",
                table: "ConsentRecords",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AnonymisedAtUtc",
                table: "Candidates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FilesPendingDeletion",
                table: "Candidates",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_FilesPendingDeletion",
                table: "Candidates",
                column: "FilesPendingDeletion");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_Retention",
                table: "Candidates",
                columns: new[] { "AnonymisedAtUtc", "Stage", "StageEnteredAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Candidates_FilesPendingDeletion",
                table: "Candidates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_Retention",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "RecordedBy",
                table: "ConsentRecords");

            migrationBuilder.DropColumn(
                name: "AnonymisedAtUtc",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "FilesPendingDeletion",
                table: "Candidates");
        }
    }
}
