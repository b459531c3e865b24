using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AuditSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_ActorId_AtUtc",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TargetType_TargetId",
                table: "AuditEntries");

            migrationBuilder.CreateTable(
                name: "AuditIndex",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    EntryId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditIndex", x => new { x.Kind, x.Key, x.EntryId });
                });

            migrationBuilder.CreateTable(
                name: "AuditIndexProgress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    ThroughEntryId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditIndexProgress", x => x.Id);
                });

            // The trail's entries so far, indexed by actor and by target (1 and 2: AuditIndexKind), and the progress
            // after them: AuditIndexer goes on from there (decision 0015).
            migrationBuilder.Sql("INSERT INTO [AuditIndex] ([Kind], [Key], [EntryId]) SELECT 1, [ActorId], [Id] FROM [AuditEntries] WHERE [ActorId] IS NOT NULL UNION ALL SELECT 2, [TargetId], [Id] FROM [AuditEntries] WHERE [TargetId] IS NOT NULL;");
            migrationBuilder.Sql("INSERT INTO [AuditIndexProgress] ([Id], [ThroughEntryId]) SELECT 1, COALESCE(MAX([Id]), 0) FROM [AuditEntries];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditIndex");

            migrationBuilder.DropTable(
                name: "AuditIndexProgress");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_AtUtc",
                table: "AuditEntries",
                columns: new[] { "ActorId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TargetType_TargetId",
                table: "AuditEntries",
                columns: new[] { "TargetType", "TargetId" });
        }
    }
}
