using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Recordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Recordings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    InterviewId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ClientTaskId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RoomSessionId = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    TaskId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: true),
                    State = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StoppedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReadyAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StartAttempts = table.Column<int>(type: "int", nullable: false),
                    FailureCode = table.Column<int>(type: "int", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    PartlyUploaded = table.Column<bool>(type: "bit", nullable: false),
                    DeletedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DeletedFromStorage = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Recordings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecordingFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RecordingId = table.Column<long>(type: "bigint", nullable: false),
                    FileId = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    StreamId = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    VideoUserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Url = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    Format = table.Column<string>(type: "varchar(16)", unicode: false, maxLength: 16, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Width = table.Column<int>(type: "int", nullable: false),
                    Height = table.Column<int>(type: "int", nullable: false),
                    BeginUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Status = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordingFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecordingFiles_Recordings_RecordingId",
                        column: x => x.RecordingId,
                        principalTable: "Recordings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordingFiles_RecordingId_FileId",
                table: "RecordingFiles",
                columns: new[] { "RecordingId", "FileId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_ClientTaskId",
                table: "Recordings",
                column: "ClientTaskId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_InterviewId_Id",
                table: "Recordings",
                columns: new[] { "InterviewId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_State_CreatedAtUtc",
                table: "Recordings",
                columns: new[] { "State", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Recordings_TaskId",
                table: "Recordings",
                column: "TaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordingFiles");

            migrationBuilder.DropTable(
                name: "Recordings");
        }
    }
}
