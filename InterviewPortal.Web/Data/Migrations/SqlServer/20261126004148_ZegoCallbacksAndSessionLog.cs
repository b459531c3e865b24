using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SourceId = table.Column<long>(type: "bigint", nullable: false),
                    InterviewId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RoomSessionId = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Party = table.Column<int>(type: "int", nullable: false),
                    PanelUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Device = table.Column<int>(type: "int", nullable: false),
                    AuthLevel = table.Column<int>(type: "int", nullable: true),
                    Reconnect = table.Column<bool>(type: "bit", nullable: false),
                    ReasonCode = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZegoCallbackNonces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Nonce = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false),
                    Signature = table.Column<string>(type: "varchar(40)", unicode: false, maxLength: 40, nullable: false),
                    SeenAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZegoCallbackNonces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZegoCallbacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DedupKey = table.Column<string>(type: "nvarchar(250)", maxLength: 250, nullable: false),
                    Event = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RoomId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    FormEncoded = table.Column<bool>(type: "bit", nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ProcessedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
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
