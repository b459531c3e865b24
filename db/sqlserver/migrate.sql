IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [DisplayName] nvarchar(100) NOT NULL,
        [MustChangePassword] bit NOT NULL,
        [IsDisabled] bit NOT NULL,
        [TimeZone] nvarchar(64) NOT NULL DEFAULT N'Asia/Shanghai',
        [CreatedAtUtc] datetime2 NOT NULL,
        [LastSignInAtUtc] datetime2 NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL,
        [AtUtc] datetime2 NOT NULL,
        [ActorId] nvarchar(64) NULL,
        [ActorRole] nvarchar(128) NULL,
        [IpAddress] nvarchar(64) NULL,
        [UserAgent] nvarchar(512) NULL,
        [Action] nvarchar(64) NOT NULL,
        [TargetType] nvarchar(64) NULL,
        [TargetId] nvarchar(128) NULL,
        [Summary] nvarchar(2000) NULL,
        [CorrelationId] nvarchar(64) NULL,
        [PreviousHash] char(64) NOT NULL,
        [Hash] char(64) NOT NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [Settings] (
        [Key] nvarchar(128) NOT NULL,
        [ValueJson] nvarchar(max) NOT NULL,
        [UpdatedAtUtc] datetime2 NOT NULL,
        [UpdatedBy] nvarchar(64) NULL,
        CONSTRAINT [PK_Settings] PRIMARY KEY ([Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Action_AtUtc] ON [AuditEntries] ([Action], [AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_ActorId_AtUtc] ON [AuditEntries] ([ActorId], [AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_AtUtc] ON [AuditEntries] ([AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_TargetType_TargetId] ON [AuditEntries] ([TargetType], [TargetId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125201303_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125201303_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [AgencyId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [Agencies] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [ContactName] nvarchar(100) NOT NULL,
        [ContactPhone] varchar(11) NULL,
        [ContactEmail] nvarchar(256) NULL,
        [Status] int NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_Agencies] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [Positions] (
        [Id] uniqueidentifier NOT NULL,
        [Title] nvarchar(100) NOT NULL,
        [Department] nvarchar(100) NOT NULL,
        [Location] nvarchar(100) NOT NULL,
        [HiringOwnerId] nvarchar(450) NOT NULL,
        [IsOpen] bit NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [DefaultRounds] nvarchar(max) NULL,
        CONSTRAINT [PK_Positions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [Candidates] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Phone] varchar(11) NOT NULL,
        [Email] nvarchar(256) NULL,
        [Source] int NOT NULL,
        [AgencyId] uniqueidentifier NULL,
        [Stage] int NOT NULL,
        [StageEnteredAtUtc] datetime2 NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [CreatedBy] nvarchar(450) NULL,
        CONSTRAINT [PK_Candidates] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Candidates_Agencies_AgencyId] FOREIGN KEY ([AgencyId]) REFERENCES [Agencies] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [CandidatePositions] (
        [CandidateId] uniqueidentifier NOT NULL,
        [PositionId] uniqueidentifier NOT NULL,
        [AppliedAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_CandidatePositions] PRIMARY KEY ([CandidateId], [PositionId]),
        CONSTRAINT [FK_CandidatePositions_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_CandidatePositions_Positions_PositionId] FOREIGN KEY ([PositionId]) REFERENCES [Positions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [CandidateStageChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [CandidateId] uniqueidentifier NOT NULL,
        [From] int NULL,
        [To] int NOT NULL,
        [AtUtc] datetime2 NOT NULL,
        [By] nvarchar(450) NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_CandidateStageChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CandidateStageChanges_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [Interviews] (
        [Id] uniqueidentifier NOT NULL,
        [CandidateId] uniqueidentifier NOT NULL,
        [PositionId] uniqueidentifier NOT NULL,
        [AgencyId] uniqueidentifier NULL,
        [Round] int NOT NULL,
        [StartUtc] datetime2 NOT NULL,
        [EndUtc] datetime2 NOT NULL,
        [DurationMinutes] int NOT NULL,
        [OriginalStartUtc] datetime2 NOT NULL,
        [CandidateTimeZone] nvarchar(64) NOT NULL,
        [NotesForInterviewers] nvarchar(2000) NULL,
        [Status] int NOT NULL,
        [Version] int NOT NULL,
        [VideoRoomId] varchar(64) NOT NULL,
        [CancelReason] nvarchar(500) NULL,
        [CandidateReschedules] int NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_Interviews] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Interviews_Agencies_AgencyId] FOREIGN KEY ([AgencyId]) REFERENCES [Agencies] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Interviews_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Interviews_Positions_PositionId] FOREIGN KEY ([PositionId]) REFERENCES [Positions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [InterviewChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [InterviewId] uniqueidentifier NOT NULL,
        [Version] int NOT NULL,
        [Kind] int NOT NULL,
        [By] nvarchar(450) NOT NULL,
        [AtUtc] datetime2 NOT NULL,
        [Reason] nvarchar(500) NULL,
        [OldStartUtc] datetime2 NULL,
        [OldDurationMinutes] int NULL,
        [NewStartUtc] datetime2 NULL,
        [NewDurationMinutes] int NULL,
        [ByCandidate] bit NOT NULL,
        [FromStatus] int NULL,
        [ToStatus] int NULL,
        [ConflictingInterviewId] uniqueidentifier NULL,
        CONSTRAINT [PK_InterviewChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_InterviewChanges_Interviews_InterviewId] FOREIGN KEY ([InterviewId]) REFERENCES [Interviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE TABLE [InterviewInterviewers] (
        [InterviewId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [StartUtc] datetime2 NOT NULL,
        [EndUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_InterviewInterviewers] PRIMARY KEY ([InterviewId], [UserId]),
        CONSTRAINT [FK_InterviewInterviewers_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_InterviewInterviewers_Interviews_InterviewId] FOREIGN KEY ([InterviewId]) REFERENCES [Interviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_AspNetUsers_AgencyId] ON [AspNetUsers] ([AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Agencies_Name] ON [Agencies] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_CandidatePositions_PositionId] ON [CandidatePositions] ([PositionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Candidates_AgencyId_CreatedAtUtc] ON [Candidates] ([AgencyId], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Candidates_CreatedAtUtc] ON [Candidates] ([CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Candidates_Email] ON [Candidates] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Candidates_Phone] ON [Candidates] ([Phone]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Candidates_Stage_CreatedAtUtc] ON [Candidates] ([Stage], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_CandidateStageChanges_CandidateId_AtUtc] ON [CandidateStageChanges] ([CandidateId], [AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_InterviewChanges_InterviewId_Version] ON [InterviewChanges] ([InterviewId], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_InterviewInterviewers_UserId_StartUtc] ON [InterviewInterviewers] ([UserId], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_AgencyId_StartUtc] ON [Interviews] ([AgencyId], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_CandidateId_StartUtc] ON [Interviews] ([CandidateId], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_PositionId_StartUtc] ON [Interviews] ([PositionId], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_Round_StartUtc] ON [Interviews] ([Round], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_StartUtc] ON [Interviews] ([StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Interviews_Status_StartUtc] ON [Interviews] ([Status], [StartUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Interviews_VideoRoomId] ON [Interviews] ([VideoRoomId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    CREATE INDEX [IX_Positions_IsOpen_Title] ON [Positions] ([IsOpen], [Title]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD CONSTRAINT [FK_AspNetUsers_Agencies_AgencyId] FOREIGN KEY ([AgencyId]) REFERENCES [Agencies] ([Id]) ON DELETE NO ACTION;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125203344_Recruiting'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125203344_Recruiting', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125211325_CandidateFilesAndNotes'
)
BEGIN
    CREATE TABLE [CandidateFiles] (
        [Id] uniqueidentifier NOT NULL,
        [CandidateId] uniqueidentifier NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [Sha256] char(64) NOT NULL,
        [UploadedAtUtc] datetime2 NOT NULL,
        [UploadedBy] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_CandidateFiles] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CandidateFiles_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125211325_CandidateFilesAndNotes'
)
BEGIN
    CREATE TABLE [CandidateNotes] (
        [Id] bigint NOT NULL IDENTITY,
        [CandidateId] uniqueidentifier NOT NULL,
        [Text] nvarchar(4000) NOT NULL,
        [AuthorId] nvarchar(450) NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_CandidateNotes] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_CandidateNotes_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125211325_CandidateFilesAndNotes'
)
BEGIN
    CREATE INDEX [IX_CandidateFiles_CandidateId_UploadedAtUtc] ON [CandidateFiles] ([CandidateId], [UploadedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125211325_CandidateFilesAndNotes'
)
BEGIN
    CREATE INDEX [IX_CandidateNotes_CandidateId_CreatedAtUtc] ON [CandidateNotes] ([CandidateId], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125211325_CandidateFilesAndNotes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125211325_CandidateFilesAndNotes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    ALTER TABLE [Candidates] ADD [WeChatBoundAtUtc] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    ALTER TABLE [Candidates] ADD [WeChatOpenId] varchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE TABLE [ConsentRecords] (
        [Id] bigint NOT NULL IDENTITY,
        [CandidateId] uniqueidentifier NOT NULL,
        [Kind] int NOT NULL,
        [Granted] bit NOT NULL,
        [NoticeVersion] varchar(32) NOT NULL,
        [Channel] int NOT NULL,
        [InterviewId] uniqueidentifier NULL,
        [AtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_ConsentRecords] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ConsentRecords_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE TABLE [Invitations] (
        [Id] uniqueidentifier NOT NULL,
        [InterviewId] uniqueidentifier NOT NULL,
        [CandidateId] uniqueidentifier NOT NULL,
        [InterviewVersion] int NOT NULL,
        [TokenHash] char(64) NOT NULL,
        [ProtectedToken] varchar(200) NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [CreatedBy] nvarchar(450) NOT NULL,
        [ExpiresAtUtc] datetime2 NOT NULL,
        [RevokedAtUtc] datetime2 NULL,
        [RevokeReason] int NULL,
        [CodeKind] int NULL,
        [CodeReadyAtUtc] datetime2 NULL,
        [CodeError] nvarchar(500) NULL,
        [DownloadCount] int NOT NULL,
        [FirstDownloadedAtUtc] datetime2 NULL,
        [PrintCount] int NOT NULL,
        [OpenCount] int NOT NULL,
        [FirstOpenedAtUtc] datetime2 NULL,
        [OpenedInMiniProgramAtUtc] datetime2 NULL,
        [AcceptedAtUtc] datetime2 NULL,
        [JoinCount] int NOT NULL,
        [FirstJoinedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_Invitations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Invitations_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Invitations_Interviews_InterviewId] FOREIGN KEY ([InterviewId]) REFERENCES [Interviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE TABLE [MiniProgramSessions] (
        [Id] uniqueidentifier NOT NULL,
        [TokenHash] char(64) NOT NULL,
        [OpenId] varchar(64) NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [ExpiresAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_MiniProgramSessions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE TABLE [RescheduleRequests] (
        [Id] uniqueidentifier NOT NULL,
        [InterviewId] uniqueidentifier NOT NULL,
        [CandidateId] uniqueidentifier NOT NULL,
        [InterviewVersion] int NOT NULL,
        [RequestedStartUtc] datetime2 NOT NULL,
        [Reason] nvarchar(500) NOT NULL,
        [Status] int NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [DecidedBy] nvarchar(450) NULL,
        [DecidedAtUtc] datetime2 NULL,
        [DecisionNote] nvarchar(500) NULL,
        CONSTRAINT [PK_RescheduleRequests] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RescheduleRequests_Interviews_InterviewId] FOREIGN KEY ([InterviewId]) REFERENCES [Interviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_Candidates_WeChatOpenId] ON [Candidates] ([WeChatOpenId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_ConsentRecords_CandidateId_Kind_AtUtc] ON [ConsentRecords] ([CandidateId], [Kind], [AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_Invitations_CandidateId] ON [Invitations] ([CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_Invitations_InterviewId_CreatedAtUtc] ON [Invitations] ([InterviewId], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_Invitations_RevokedAtUtc_ExpiresAtUtc] ON [Invitations] ([RevokedAtUtc], [ExpiresAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Invitations_TokenHash] ON [Invitations] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_MiniProgramSessions_ExpiresAtUtc] ON [MiniProgramSessions] ([ExpiresAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE UNIQUE INDEX [IX_MiniProgramSessions_TokenHash] ON [MiniProgramSessions] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_RescheduleRequests_InterviewId_CreatedAtUtc] ON [RescheduleRequests] ([InterviewId], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    CREATE INDEX [IX_RescheduleRequests_Status_CreatedAtUtc] ON [RescheduleRequests] ([Status], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125232210_Invitations'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125232210_Invitations', N'10.0.15');
END;

COMMIT;
GO

