using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class JoinsFromAuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Joins are counted from the audit trail, where every join has had its entry from the start (decision 0014):
            // the two columns repeated it, and dropping them loses nothing.
            migrationBuilder.DropColumn(
                name: "FirstJoinedAtUtc",
                table: "Invitations");

            migrationBuilder.DropColumn(
                name: "JoinCount",
                table: "Invitations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The columns come back empty; the joins stay in the audit trail.
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstJoinedAtUtc",
                table: "Invitations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "JoinCount",
                table: "Invitations",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }
    }
}
