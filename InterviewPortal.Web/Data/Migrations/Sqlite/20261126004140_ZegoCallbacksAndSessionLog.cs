using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZegoCallbacksAndSessionLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SessionEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    InterviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoomSessionId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Party = table.Column<int>(type: "INTEGER", nullable: false),
                    PanelUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Device = table.Column<int>(type: "INTEGER", nullable: false),
                    AuthLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    Reconnect = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReasonCode = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZegoCallbackNonces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Nonce = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Signature = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    SeenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZegoCallbackNonces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZegoCallbacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DedupKey = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Event = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    RoomId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    FormEncoded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProcessedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZegoCallbacks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SessionEvents_InterviewId_AtUtc",
                table: "SessionEvents",
                columns: new[] { "InterviewId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SessionEvents_SourceId",
                table: "SessionEvents",
                column: "SourceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZegoCallbackNonces_Nonce_Timestamp_Signature",
                table: "ZegoCallbackNonces",
                columns: new[] { "Nonce", "Timestamp", "Signature" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZegoCallbackNonces_SeenAtUtc",
                table: "ZegoCallbackNonces",
                column: "SeenAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ZegoCallbacks_DedupKey",
                table: "ZegoCallbacks",
                column: "DedupKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZegoCallbacks_ProcessedAtUtc_Id",
                table: "ZegoCallbacks",
                columns: new[] { "ProcessedAtUtc", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SessionEvents");

            migrationBuilder.DropTable(
                name: "ZegoCallbackNonces");

            migrationBuilder.DropTable(
                name: "ZegoCallbacks");
        }
    }
}
