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

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [HolidayCalendar] (
        [Date] date NOT NULL,
        [Kind] varchar(20) NOT NULL,
        [Name] nvarchar(50) NOT NULL,
        CONSTRAINT [PK_HolidayCalendar] PRIMARY KEY ([Date])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [Notifications] (
        [Id] bigint NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [MessageKey] varchar(100) NOT NULL,
        [Arguments] nvarchar(2000) NOT NULL,
        [Link] nvarchar(400) NULL,
        [DedupKey] varchar(200) NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [ReadAtUtc] datetime2 NULL,
        CONSTRAINT [PK_Notifications] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [PermissionCategories] (
        [Id] uniqueidentifier NOT NULL,
        [Level1] nvarchar(50) NOT NULL,
        [Level2] nvarchar(50) NULL,
        [Level3] nvarchar(50) NULL,
        [RequiredQualifications] nvarchar(1000) NOT NULL,
        [OptionalQualifications] nvarchar(1000) NULL,
        [Scenarios] nvarchar(1000) NOT NULL,
        [EligibleForLivePusher] bit NOT NULL,
        [EligibleAlternativeId] uniqueidentifier NULL,
        [Note] nvarchar(1000) NULL,
        [LastCheckedOn] date NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_PermissionCategories] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PermissionCategories_PermissionCategories_EligibleAlternativeId] FOREIGN KEY ([EligibleAlternativeId]) REFERENCES [PermissionCategories] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [PermissionApplications] (
        [Id] uniqueidentifier NOT NULL,
        [AppId] varchar(32) NOT NULL,
        [ProductName] nvarchar(60) NOT NULL,
        [OwnerId] nvarchar(450) NOT NULL,
        [State] varchar(20) NOT NULL,
        [CategoryId] uniqueidentifier NULL,
        [CategoryPath] nvarchar(200) NULL,
        [CategoryEligible] bit NULL,
        [LicenceCompanyName] nvarchar(100) NULL,
        [IcpNumber] nvarchar(40) NULL,
        [IcpEntityName] nvarchar(100) NULL,
        [BusinessDescription] nvarchar(max) NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [ApprovedAtUtc] datetime2 NULL,
        [LivePlayerSwitchedBy] nvarchar(450) NULL,
        [LivePlayerSwitchedAtUtc] datetime2 NULL,
        [LivePusherSwitchedBy] nvarchar(450) NULL,
        [LivePusherSwitchedAtUtc] datetime2 NULL,
        [EnabledAtUtc] datetime2 NULL,
        CONSTRAINT [PK_PermissionApplications] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PermissionApplications_PermissionCategories_CategoryId] FOREIGN KEY ([CategoryId]) REFERENCES [PermissionCategories] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [PermissionMaterials] (
        [Id] uniqueidentifier NOT NULL,
        [ApplicationId] uniqueidentifier NOT NULL,
        [SubmissionNumber] int NOT NULL,
        [Kind] varchar(30) NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [ContentType] varchar(20) NOT NULL,
        [Width] int NOT NULL,
        [Height] int NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [Sha256] varchar(64) NOT NULL,
        [UploadedBy] nvarchar(450) NOT NULL,
        [UploadedAtUtc] datetime2 NOT NULL,
        [ReplacedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_PermissionMaterials] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PermissionMaterials_PermissionApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [PermissionApplications] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE TABLE [PermissionSubmissions] (
        [Id] bigint NOT NULL IDENTITY,
        [ApplicationId] uniqueidentifier NOT NULL,
        [Number] int NOT NULL,
        [StartedAtUtc] datetime2 NOT NULL,
        [SubmittedAtUtc] datetime2 NULL,
        [SubmittedBy] nvarchar(450) NULL,
        [UnderReviewAtUtc] datetime2 NULL,
        [DecidedAtUtc] datetime2 NULL,
        [DecidedBy] nvarchar(450) NULL,
        [Outcome] varchar(20) NOT NULL,
        [RejectionReason] varchar(30) NULL,
        [RejectionNote] nvarchar(1000) NULL,
        [CategoryPath] nvarchar(200) NULL,
        [CategoryEligible] bit NULL,
        [LicenceCompanyName] nvarchar(100) NULL,
        [IcpNumber] nvarchar(40) NULL,
        [IcpEntityName] nvarchar(100) NULL,
        [BusinessDescription] nvarchar(max) NULL,
        [MaterialIds] varchar(2000) NULL,
        CONSTRAINT [PK_PermissionSubmissions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PermissionSubmissions_PermissionApplications_ApplicationId] FOREIGN KEY ([ApplicationId]) REFERENCES [PermissionApplications] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Date', N'Kind', N'Name') AND [object_id] = OBJECT_ID(N'[HolidayCalendar]'))
        SET IDENTITY_INSERT [HolidayCalendar] ON;
    EXEC(N'INSERT INTO [HolidayCalendar] ([Date], [Kind], [Name])
    VALUES (''2026-01-01'', ''Holiday'', N''元旦''),
    (''2026-01-02'', ''Holiday'', N''元旦''),
    (''2026-01-04'', ''MakeUpWorkday'', N''元旦调休上班''),
    (''2026-02-14'', ''MakeUpWorkday'', N''春节调休上班''),
    (''2026-02-16'', ''Holiday'', N''春节''),
    (''2026-02-17'', ''Holiday'', N''春节''),
    (''2026-02-18'', ''Holiday'', N''春节''),
    (''2026-02-19'', ''Holiday'', N''春节''),
    (''2026-02-20'', ''Holiday'', N''春节''),
    (''2026-02-23'', ''Holiday'', N''春节''),
    (''2026-02-28'', ''MakeUpWorkday'', N''春节调休上班''),
    (''2026-04-06'', ''Holiday'', N''清明节''),
    (''2026-05-01'', ''Holiday'', N''劳动节''),
    (''2026-05-04'', ''Holiday'', N''劳动节''),
    (''2026-05-05'', ''Holiday'', N''劳动节''),
    (''2026-05-09'', ''MakeUpWorkday'', N''劳动节调休上班''),
    (''2026-06-19'', ''Holiday'', N''端午节''),
    (''2026-09-20'', ''MakeUpWorkday'', N''国庆节调休上班''),
    (''2026-09-25'', ''Holiday'', N''中秋节''),
    (''2026-10-01'', ''Holiday'', N''国庆节''),
    (''2026-10-02'', ''Holiday'', N''国庆节''),
    (''2026-10-05'', ''Holiday'', N''国庆节''),
    (''2026-10-06'', ''Holiday'', N''国庆节''),
    (''2026-10-07'', ''Holiday'', N''国庆节''),
    (''2026-10-10'', ''MakeUpWorkday'', N''国庆节调休上班''),
    (''2027-01-01'', ''Holiday'', N''元旦（法定日，待2027年放假通知）''),
    (''2027-02-05'', ''Holiday'', N''春节（法定日，待2027年放假通知）''),
    (''2027-02-08'', ''Holiday'', N''春节（法定日，待2027年放假通知）''),
    (''2027-04-05'', ''Holiday'', N''清明节（法定日，待2027年放假通知）''),
    (''2027-06-09'', ''Holiday'', N''端午节（法定日，待2027年放假通知）''),
    (''2027-09-15'', ''Holiday'', N''中秋节（法定日，待2027年放假通知）''),
    (''2027-10-01'', ''Holiday'', N''国庆节（法定日，待2027年放假通知）'')');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Date', N'Kind', N'Name') AND [object_id] = OBJECT_ID(N'[HolidayCalendar]'))
        SET IDENTITY_INSERT [HolidayCalendar] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'EligibleAlternativeId', N'EligibleForLivePusher', N'LastCheckedOn', N'Level1', N'Level2', N'Level3', N'Note', N'OptionalQualifications', N'RequiredQualifications', N'Scenarios', N'Version') AND [object_id] = OBJECT_ID(N'[PermissionCategories]'))
        SET IDENTITY_INSERT [PermissionCategories] ON;
    EXEC(N'INSERT INTO [PermissionCategories] ([Id], [EligibleAlternativeId], [EligibleForLivePusher], [LastCheckedOn], [Level1], [Level2], [Level3], [Note], [OptionalQualifications], [RequiredQualifications], [Scenarios], [Version])
    VALUES (''6d1c0a51-0000-4000-8000-000000000101'', NULL, CAST(1 AS bit), ''2026-11-25'', N''IT科技'', N''多方通信'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', N''人力资源服务许可证'', N''营业执照；ICP备案'', N''多方电话、视频会议（最接近视频面试的可开通类目）'', 1),
    (''6d1c0a51-0000-4000-8000-000000000102'', NULL, CAST(1 AS bit), ''2026-11-25'', N''教育'', N''在线视频课程'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', N''教育相关资质'', N''营业执照；ICP备案'', N''在线课程、培训、讲座'', 1),
    (''6d1c0a51-0000-4000-8000-000000000103'', NULL, CAST(1 AS bit), ''2026-11-25'', N''社交'', N''直播'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', N''网络文化经营许可证；信息网络传播视听节目许可证'', N''营业执照；ICP备案'', N''非表演类直播（电商、教育等）；首次代码审核由属地网信部门审核，约 7 天'', 1),
    (''6d1c0a51-0000-4000-8000-000000000104'', NULL, CAST(1 AS bit), ''2026-11-25'', N''医疗'', N''互联网医院'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''营业执照；医疗机构执业许可证；互联网医院资质'', N''问诊、健康讲座'', 1),
    (''6d1c0a51-0000-4000-8000-000000000105'', NULL, CAST(1 AS bit), ''2026-11-25'', N''IT科技'', N''音视频设备'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''营业执照；ICP备案'', N''智能家居摄像头控制'', 1),
    (''6d1c0a51-0000-4000-8000-000000000106'', NULL, CAST(1 AS bit), ''2026-11-25'', N''社交'', N''直播表演'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', N''网络文化经营许可证'', N''营业执照；ICP备案'', N''表演类直播（游戏、演出、音乐会）；约 7 天属地审核'', 1),
    (''6d1c0a51-0000-4000-8000-000000000107'', NULL, CAST(1 AS bit), ''2026-11-25'', N''医疗'', N''公立医疗机构'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''医疗机构执业许可证'', N''问诊、健康讲座'', 1),
    (''6d1c0a51-0000-4000-8000-000000000108'', NULL, CAST(1 AS bit), ''2026-11-25'', N''医疗'', N''三级私立医疗机构'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''医疗机构执业许可证'', N''问诊、健康讲座'', 1),
    (''6d1c0a51-0000-4000-8000-000000000109'', NULL, CAST(1 AS bit), ''2026-11-25'', N''医疗'', N''其他私立医疗机构'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''医疗机构执业许可证'', N''问诊、健康讲座'', 1),
    (''6d1c0a51-0000-4000-8000-000000000110'', NULL, CAST(1 AS bit), ''2026-11-25'', N''金融'', N''银行'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目（金融类另含信托、基金、证券/期货、保险、征信、消费金融、融资担保、汽车金融/租赁等）'', NULL, N''金融业务许可证'', N''视频理赔、视频客服、产品推介'', 1),
    (''6d1c0a51-0000-4000-8000-000000000111'', NULL, CAST(1 AS bit), ''2026-11-25'', N''金融'', N''保险'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''保险业务许可证'', N''视频理赔、视频客服、产品推介'', 1),
    (''6d1c0a51-0000-4000-8000-000000000112'', NULL, CAST(1 AS bit), ''2026-11-25'', N''金融'', N''证券/期货'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''经营证券期货业务许可证'', N''视频客服、产品推介'', 1),
    (''6d1c0a51-0000-4000-8000-000000000113'', NULL, CAST(1 AS bit), ''2026-11-25'', N''汽车'', N''汽车预售'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''营业执照'', N''汽车预售与推广直播'', 1),
    (''6d1c0a51-0000-4000-8000-000000000114'', NULL, CAST(1 AS bit), ''2026-11-25'', N''政府主体账号'', NULL, NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''政府主体资质'', N''政府直播'', 1),
    (''6d1c0a51-0000-4000-8000-000000000115'', NULL, CAST(1 AS bit), ''2026-11-25'', N''房地产服务'', N''房地产营销'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''营业执照'', N''楼盘营销、线上看房'', 1),
    (''6d1c0a51-0000-4000-8000-000000000116'', NULL, CAST(1 AS bit), ''2026-11-25'', N''商业服务'', N''公证'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''公证机构执业证书'', N''在线公证'', 1),
    (''6d1c0a51-0000-4000-8000-000000000117'', NULL, CAST(1 AS bit), ''2026-11-25'', N''公共服务'', N''交通运输'', NULL, N''微信 live-pusher 组件文档当前列出的可开通类目'', NULL, N''政府主体资质'', N''仅限香港、澳门特别行政区政府的交通运输服务'', 1),
    (''6d1c0a51-0000-4000-8000-000000000001'', ''6d1c0a51-0000-4000-8000-000000000102'', CAST(0 AS bit), ''2026-11-25'', N''教育'', N''在线教育'', N''在线视频课程'', N''指南写法；现行类目为两级「教育 › 在线视频课程」（在线教育为旧名），且场景须为教学，HR 面试不适用'', N''教育相关资质'', N''营业执照；ICP备案'', N''在线培训、远程教学'', 1),
    (''6d1c0a51-0000-4000-8000-000000000002'', ''6d1c0a51-0000-4000-8000-000000000101'', CAST(0 AS bit), ''2026-11-25'', N''商业服务'', N''招聘/求职'', N''在线面试'', N''指南推荐，但不在微信现行可开通列表中（商业服务下仅「公证」可开通）；招聘类目不能开通 live-pusher'', N''人力资源服务许可证'', N''营业执照；ICP备案'', N''视频面试、远程面试'', 1),
    (''6d1c0a51-0000-4000-8000-000000000003'', ''6d1c0a51-0000-4000-8000-000000000104'', CAST(0 AS bit), ''2026-11-25'', N''医疗'', N''互联网医院'', N''在线问诊'', N''「在线问诊」是场景而非类目层级；现行类目为「医疗 › 互联网医院」，不适用于招聘'', NULL, N''营业执照；医疗机构执业许可证；互联网医院资质'', N''远程医疗、在线咨询'', 1),
    (''6d1c0a51-0000-4000-8000-000000000004'', ''6d1c0a51-0000-4000-8000-000000000101'', CAST(0 AS bit), ''2026-11-25'', N''商业服务'', N''企业管理'', N''视频会议'', N''不在现行列表中；视频会议对应「IT科技 › 多方通信」'', NULL, N''营业执照；ICP备案'', N''企业内部会议'', 1),
    (''6d1c0a51-0000-4000-8000-000000000005'', ''6d1c0a51-0000-4000-8000-000000000103'', CAST(0 AS bit), ''2026-11-25'', N''社交'', N''直播'', N''视频聊天'', N''「视频聊天」不是类目层级；现行类目为「社交 › 直播」'', NULL, N''营业执照；ICP备案；网络文化经营许可证；信息网络传播视听节目许可证'', N''社交视频通话'', 1)');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'EligibleAlternativeId', N'EligibleForLivePusher', N'LastCheckedOn', N'Level1', N'Level2', N'Level3', N'Note', N'OptionalQualifications', N'RequiredQualifications', N'Scenarios', N'Version') AND [object_id] = OBJECT_ID(N'[PermissionCategories]'))
        SET IDENTITY_INSERT [PermissionCategories] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Notifications_DedupKey] ON [Notifications] ([DedupKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE INDEX [IX_Notifications_UserId_ReadAtUtc_CreatedAtUtc] ON [Notifications] ([UserId], [ReadAtUtc], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PermissionApplications_AppId] ON [PermissionApplications] ([AppId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE INDEX [IX_PermissionApplications_CategoryId] ON [PermissionApplications] ([CategoryId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE INDEX [IX_PermissionApplications_State] ON [PermissionApplications] ([State]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE INDEX [IX_PermissionCategories_EligibleAlternativeId] ON [PermissionCategories] ([EligibleAlternativeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE INDEX [IX_PermissionMaterials_ApplicationId_Kind] ON [PermissionMaterials] ([ApplicationId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PermissionSubmissions_ApplicationId_Number] ON [PermissionSubmissions] ([ApplicationId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125235349_PermissionApplication'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125235349_PermissionApplication', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_AgencyId_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_CandidateId_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_PositionId_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_Round_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_Status_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_InterviewInterviewers_UserId_StartUtc] ON [InterviewInterviewers];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Candidates_AgencyId_CreatedAtUtc] ON [Candidates];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Candidates_CreatedAtUtc] ON [Candidates];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_Candidates_Stage_CreatedAtUtc] ON [Candidates];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    DROP INDEX [IX_CandidatePositions_PositionId] ON [CandidatePositions];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [AgencyId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [CandidateId] uniqueidentifier NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [PositionId] uniqueidentifier NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [Round] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [Status] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE TABLE [CandidateNameGrams] (
        [CandidateId] uniqueidentifier NOT NULL,
        [Gram] nvarchar(2) NOT NULL,
        CONSTRAINT [PK_CandidateNameGrams] PRIMARY KEY ([Gram], [CandidateId]),
        CONSTRAINT [FK_CandidateNameGrams_Candidates_CandidateId] FOREIGN KEY ([CandidateId]) REFERENCES [Candidates] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    UPDATE p SET p.[CandidateId] = i.[CandidateId], p.[PositionId] = i.[PositionId], p.[AgencyId] = i.[AgencyId], p.[Round] = i.[Round], p.[Status] = i.[Status]
    FROM [InterviewInterviewers] AS p JOIN [Interviews] AS i ON i.[Id] = p.[InterviewId];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    WITH n AS (SELECT TOP (100) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS k FROM sys.all_objects)
    INSERT INTO [CandidateNameGrams] ([Gram], [CandidateId])
    SELECT DISTINCT g.[Gram], g.[CandidateId] FROM (
        SELECT LOWER(SUBSTRING(c.[Name], n.k, 1)) AS [Gram], c.[Id] AS [CandidateId] FROM [Candidates] AS c JOIN n ON n.k <= LEN(c.[Name])
        WHERE SUBSTRING(c.[Name], n.k, 1) <> N' '
        UNION ALL
        SELECT LOWER(SUBSTRING(c.[Name], n.k, 2)), c.[Id] FROM [Candidates] AS c JOIN n ON n.k < LEN(c.[Name])
        WHERE CHARINDEX(N' ', SUBSTRING(c.[Name], n.k, 2)) = 0) AS g;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_AgencyId_StartUtc] ON [Interviews] ([AgencyId], [StartUtc], [Id], [Status], [Round], [PositionId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_CandidateId_StartUtc] ON [Interviews] ([CandidateId], [StartUtc], [Id], [Status], [Round], [PositionId], [AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_PositionId_StartUtc] ON [Interviews] ([PositionId], [StartUtc], [Id], [Status], [Round], [AgencyId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_StartUtc] ON [Interviews] ([StartUtc], [Id], [Status], [Round], [PositionId], [AgencyId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_Status] ON [Interviews] ([Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_Status_StartUtc] ON [Interviews] ([Status], [StartUtc], [Id], [Round], [PositionId], [AgencyId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_InterviewInterviewers_UserId_StartUtc] ON [InterviewInterviewers] ([UserId], [StartUtc], [InterviewId], [Status], [Round], [PositionId], [AgencyId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Candidates_AgencyId_CreatedAtUtc] ON [Candidates] ([AgencyId], [CreatedAtUtc], [Id], [Stage]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Candidates_CreatedAtUtc] ON [Candidates] ([CreatedAtUtc], [Id], [Stage], [AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_Candidates_Stage_CreatedAtUtc] ON [Candidates] ([Stage], [CreatedAtUtc], [Id], [AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_CandidatePositions_PositionId_CandidateId] ON [CandidatePositions] ([PositionId], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    CREATE INDEX [IX_CandidateNameGrams_CandidateId] ON [CandidateNameGrams] ([CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126000835_RecruitingIndexes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126000835_RecruitingIndexes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE TABLE [SessionEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceId] bigint NOT NULL,
        [InterviewId] uniqueidentifier NOT NULL,
        [RoomSessionId] varchar(20) NOT NULL,
        [Kind] int NOT NULL,
        [Party] int NOT NULL,
        [PanelUserId] nvarchar(450) NULL,
        [AtUtc] datetime2 NOT NULL,
        [Device] int NOT NULL,
        [AuthLevel] int NULL,
        [Reconnect] bit NOT NULL,
        [ReasonCode] int NULL,
        CONSTRAINT [PK_SessionEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE TABLE [ZegoCallbackNonces] (
        [Id] bigint NOT NULL IDENTITY,
        [Nonce] varchar(64) NOT NULL,
        [Timestamp] bigint NOT NULL,
        [Signature] varchar(40) NOT NULL,
        [SeenAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_ZegoCallbackNonces] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE TABLE [ZegoCallbacks] (
        [Id] bigint NOT NULL IDENTITY,
        [DedupKey] nvarchar(250) NOT NULL,
        [Event] varchar(64) NOT NULL,
        [RoomId] nvarchar(128) NULL,
        [FormEncoded] bit NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [ReceivedAtUtc] datetime2 NOT NULL,
        [ProcessedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_ZegoCallbacks] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE INDEX [IX_SessionEvents_InterviewId_AtUtc] ON [SessionEvents] ([InterviewId], [AtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SessionEvents_SourceId] ON [SessionEvents] ([SourceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ZegoCallbackNonces_Nonce_Timestamp_Signature] ON [ZegoCallbackNonces] ([Nonce], [Timestamp], [Signature]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE INDEX [IX_ZegoCallbackNonces_SeenAtUtc] ON [ZegoCallbackNonces] ([SeenAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ZegoCallbacks_DedupKey] ON [ZegoCallbacks] ([DedupKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    CREATE INDEX [IX_ZegoCallbacks_ProcessedAtUtc_Id] ON [ZegoCallbacks] ([ProcessedAtUtc], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126004148_ZegoCallbacksAndSessionLog'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126004148_ZegoCallbacksAndSessionLog', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE TABLE [Competencies] (
        [Id] uniqueidentifier NOT NULL,
        [Round] int NOT NULL,
        [Order] int NOT NULL,
        [Name] nvarchar(40) NOT NULL,
        [Description] nvarchar(200) NULL,
        CONSTRAINT [PK_Competencies] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE TABLE [Scorecards] (
        [Id] uniqueidentifier NOT NULL,
        [InterviewId] uniqueidentifier NOT NULL,
        [InterviewerId] nvarchar(450) NOT NULL,
        [Version] int NOT NULL,
        [PreviousVersionId] uniqueidentifier NULL,
        [Status] varchar(20) NOT NULL,
        [Recommendation] varchar(20) NULL,
        [Strengths] nvarchar(2000) NULL,
        [Concerns] nvarchar(2000) NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [UpdatedAtUtc] datetime2 NOT NULL,
        [SubmittedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_Scorecards] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Scorecards_Interviews_InterviewId] FOREIGN KEY ([InterviewId]) REFERENCES [Interviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE TABLE [ScorecardRatings] (
        [Id] bigint NOT NULL IDENTITY,
        [ScorecardId] uniqueidentifier NOT NULL,
        [CompetencyId] uniqueidentifier NOT NULL,
        [CompetencyName] nvarchar(40) NOT NULL,
        [Order] int NOT NULL,
        [Score] int NULL,
        [Evidence] nvarchar(1000) NULL,
        CONSTRAINT [PK_ScorecardRatings] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ScorecardRatings_Scorecards_ScorecardId] FOREIGN KEY ([ScorecardId]) REFERENCES [Scorecards] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'Description', N'Name', N'Order', N'Round') AND [object_id] = OBJECT_ID(N'[Competencies]'))
        SET IDENTITY_INSERT [Competencies] ON;
    EXEC(N'INSERT INTO [Competencies] ([Id], [Description], [Name], [Order], [Round])
    VALUES (''5c0ec000-0000-0000-0000-000000000011'', N''经历与技能和岗位要求的契合程度'', N''岗位匹配'', 1, 0),
    (''5c0ec000-0000-0000-0000-000000000012'', N''表达清晰、条理分明，能准确理解问题'', N''沟通表达'', 2, 0),
    (''5c0ec000-0000-0000-0000-000000000013'', N''对岗位和公司的兴趣与理由'', N''求职动机'', 3, 0),
    (''5c0ec000-0000-0000-0000-000000000014'', N''薪资、到岗时间、工作地点等期望是否可行'', N''期望匹配'', 4, 0),
    (''5c0ec000-0000-0000-0000-000000000021'', N''岗位所需技术的掌握深度与熟练程度'', N''专业技能'', 1, 1),
    (''5c0ec000-0000-0000-0000-000000000022'', N''分析问题、拆解思路、找到可行方案的能力'', N''问题解决'', 2, 1),
    (''5c0ec000-0000-0000-0000-000000000023'', N''架构取舍、可扩展性与可靠性的考虑'', N''系统设计'', 3, 1),
    (''5c0ec000-0000-0000-0000-000000000024'', N''讲清技术方案，理解并回应追问'', N''沟通表达'', 4, 1),
    (''5c0ec000-0000-0000-0000-000000000025'', N''掌握新知识、从经验中改进的速度'', N''学习能力'', 5, 1),
    (''5c0ec000-0000-0000-0000-000000000031'', N''目标拆解、推进落地、按时交付的记录'', N''执行与交付'', 1, 2),
    (''5c0ec000-0000-0000-0000-000000000032'', N''跨团队合作、处理分歧的方式'', N''团队协作'', 2, 2),
    (''5c0ec000-0000-0000-0000-000000000033'', N''对结果负责，主动发现并解决问题'', N''责任心'', 3, 2),
    (''5c0ec000-0000-0000-0000-000000000034'', N''向上汇报、向下传达是否清楚有效'', N''沟通表达'', 4, 2),
    (''5c0ec000-0000-0000-0000-000000000035'', N''承担更大职责的可能性'', N''成长潜力'', 5, 2),
    (''5c0ec000-0000-0000-0000-000000000041'', N''价值观与公司文化是否一致'', N''文化契合'', 1, 3),
    (''5c0ec000-0000-0000-0000-000000000042'', N''职业规划与岗位发展是否匹配'', N''职业动机'', 2, 3),
    (''5c0ec000-0000-0000-0000-000000000043'', N''过往任职时长与离职原因'', N''稳定性'', 3, 3),
    (''5c0ec000-0000-0000-0000-000000000044'', N''沟通是否坦诚、清晰'', N''沟通表达'', 4, 3),
    (''5c0ec000-0000-0000-0000-000000000051'', N''专业能力与经验的整体水平'', N''综合能力'', 1, 4),
    (''5c0ec000-0000-0000-0000-000000000052'', N''影响他人、带领团队达成目标'', N''领导力'', 2, 4),
    (''5c0ec000-0000-0000-0000-000000000053'', N''理解业务方向，做出长期判断'', N''战略思维'', 3, 4),
    (''5c0ec000-0000-0000-0000-000000000054'', N''与公司价值观和团队的契合程度'', N''文化契合'', 4, 4)');
    IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE [name] IN (N'Id', N'Description', N'Name', N'Order', N'Round') AND [object_id] = OBJECT_ID(N'[Competencies]'))
        SET IDENTITY_INSERT [Competencies] OFF;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE INDEX [IX_Competencies_Round_Order] ON [Competencies] ([Round], [Order]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ScorecardRatings_ScorecardId_CompetencyId] ON [ScorecardRatings] ([ScorecardId], [CompetencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE INDEX [IX_Scorecards_InterviewerId_Status_InterviewId] ON [Scorecards] ([InterviewerId], [Status], [InterviewId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Scorecards_InterviewId_InterviewerId_Version] ON [Scorecards] ([InterviewId], [InterviewerId], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126005946_Scorecards'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126005946_Scorecards', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE TABLE [Recordings] (
        [Id] bigint NOT NULL IDENTITY,
        [InterviewId] uniqueidentifier NOT NULL,
        [ClientTaskId] varchar(64) NOT NULL,
        [RoomSessionId] varchar(20) NOT NULL,
        [TaskId] varchar(64) NULL,
        [State] int NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [StartedAtUtc] datetime2 NULL,
        [StoppedAtUtc] datetime2 NULL,
        [ReadyAtUtc] datetime2 NULL,
        [StartAttempts] int NOT NULL,
        [FailureCode] int NULL,
        [LastError] nvarchar(500) NULL,
        [PartlyUploaded] bit NOT NULL,
        [DeletedAtUtc] datetime2 NULL,
        [DeletedFromStorage] bit NOT NULL,
        CONSTRAINT [PK_Recordings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE TABLE [RecordingFiles] (
        [Id] bigint NOT NULL IDENTITY,
        [RecordingId] bigint NOT NULL,
        [FileId] nvarchar(300) NOT NULL,
        [StreamId] nvarchar(256) NULL,
        [VideoUserId] nvarchar(64) NULL,
        [Url] nvarchar(2048) NULL,
        [Format] varchar(16) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [DurationMs] bigint NOT NULL,
        [Width] int NOT NULL,
        [Height] int NOT NULL,
        [BeginUtc] datetime2 NULL,
        [Status] int NOT NULL,
        CONSTRAINT [PK_RecordingFiles] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RecordingFiles_Recordings_RecordingId] FOREIGN KEY ([RecordingId]) REFERENCES [Recordings] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RecordingFiles_RecordingId_FileId] ON [RecordingFiles] ([RecordingId], [FileId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Recordings_ClientTaskId] ON [Recordings] ([ClientTaskId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE INDEX [IX_Recordings_InterviewId_Id] ON [Recordings] ([InterviewId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE INDEX [IX_Recordings_State_CreatedAtUtc] ON [Recordings] ([State], [CreatedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    CREATE INDEX [IX_Recordings_TaskId] ON [Recordings] ([TaskId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126021136_Recordings'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126021136_Recordings', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040901_Reminders'
)
BEGIN
    ALTER TABLE [AspNetUsers] ADD [Language] varchar(10) NOT NULL DEFAULT 'zh-CN';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040901_Reminders'
)
BEGIN
    CREATE TABLE [Reminders] (
        [Id] bigint NOT NULL IDENTITY,
        [SubjectId] uniqueidentifier NOT NULL,
        [Kind] varchar(30) NOT NULL,
        [Channel] varchar(10) NOT NULL,
        [RecipientRole] varchar(20) NOT NULL,
        [RecipientId] nvarchar(450) NOT NULL,
        [Version] int NOT NULL,
        [Occasion] int NOT NULL,
        [DueAtUtc] datetime2 NOT NULL,
        [NextAttemptAtUtc] datetime2 NOT NULL,
        [State] varchar(10) NOT NULL,
        [Attempts] int NOT NULL,
        [SkipReason] varchar(30) NULL,
        [LastError] nvarchar(1000) NULL,
        [ClaimToken] uniqueidentifier NULL,
        [ClaimedUntilUtc] datetime2 NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [FinishedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_Reminders] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040901_Reminders'
)
BEGIN
    CREATE INDEX [IX_Reminders_State_NextAttemptAtUtc] ON [Reminders] ([State], [NextAttemptAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040901_Reminders'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Reminders_SubjectId_Kind_RecipientId_Version_Occasion_Channel] ON [Reminders] ([SubjectId], [Kind], [RecipientId], [Version], [Occasion], [Channel]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126040901_Reminders'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126040901_Reminders', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    CREATE INDEX [IX_Scorecards_Timeliness] ON [Scorecards] ([InterviewId], [InterviewerId], [Version], [Status], [SubmittedAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_StartUtc_Reschedules] ON [Interviews] ([StartUtc], [Round], [Status], [Version], [CandidateReschedules], [PositionId], [AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    CREATE INDEX [IX_InterviewInterviewers_StartUtc] ON [InterviewInterviewers] ([StartUtc], [UserId], [Status], [Round], [PositionId], [AgencyId], [InterviewId], [EndUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    CREATE INDEX [IX_ConsentRecords_InterviewId_Kind_AtUtc] ON [ConsentRecords] ([InterviewId], [Kind], [AtUtc], [Granted]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    CREATE INDEX [IX_CandidateStageChanges_AtUtc] ON [CandidateStageChanges] ([AtUtc], [To], [From], [CandidateId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126041307_ReportIndexes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126041307_ReportIndexes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126060648_CandidateLanguage'
)
BEGIN
    ALTER TABLE [Candidates] ADD [Language] varchar(10) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126060648_CandidateLanguage'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126060648_CandidateLanguage', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    ALTER TABLE [ConsentRecords] ADD [RecordedBy] nvarchar(450) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    ALTER TABLE [Candidates] ADD [AnonymisedAtUtc] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    ALTER TABLE [Candidates] ADD [FilesPendingDeletion] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    CREATE INDEX [IX_Candidates_FilesPendingDeletion] ON [Candidates] ([FilesPendingDeletion]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    CREATE INDEX [IX_Candidates_Retention] ON [Candidates] ([AnonymisedAtUtc], [Stage], [StageEnteredAtUtc]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126063603_CandidatePrivacy'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126063603_CandidatePrivacy', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    CREATE TABLE [SavedAuditFilters] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [FromUtc] datetime2 NULL,
        [ToUtc] datetime2 NULL,
        [Actor] nvarchar(256) NULL,
        [Action] nvarchar(64) NULL,
        [Target] nvarchar(128) NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        CONSTRAINT [PK_SavedAuditFilters] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SavedAuditFilters_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    CREATE TABLE [UserInvitations] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] nvarchar(450) NOT NULL,
        [TokenHash] char(64) NOT NULL,
        [CreatedBy] nvarchar(64) NOT NULL,
        [CreatedAtUtc] datetime2 NOT NULL,
        [ExpiresAtUtc] datetime2 NOT NULL,
        [UsedAtUtc] datetime2 NULL,
        [RevokedAtUtc] datetime2 NULL,
        CONSTRAINT [PK_UserInvitations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_UserInvitations_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SavedAuditFilters_UserId_Name] ON [SavedAuditFilters] ([UserId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    CREATE UNIQUE INDEX [IX_UserInvitations_TokenHash] ON [UserInvitations] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    CREATE INDEX [IX_UserInvitations_UserId] ON [UserInvitations] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126064231_UserInvitationsAndSavedAuditFilters'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126064231_UserInvitationsAndSavedAuditFilters', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    DROP INDEX [IX_InterviewInterviewers_StartUtc] ON [InterviewInterviewers];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [FeedbackDelaySeconds] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    ALTER TABLE [InterviewInterviewers] ADD [FeedbackSubmittedAtUtc] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    UPDATE p SET p.[FeedbackSubmittedAtUtc] = s.[SubmittedAtUtc]
    FROM [InterviewInterviewers] AS p
    JOIN [Scorecards] AS s ON s.[InterviewId] = p.[InterviewId] AND s.[InterviewerId] = p.[UserId] AND s.[Version] = 1
    WHERE s.[SubmittedAtUtc] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    UPDATE [InterviewInterviewers]
    SET [FeedbackDelaySeconds] = CASE WHEN [FeedbackSubmittedAtUtc] <= [EndUtc] THEN 0
        ELSE CAST(ROUND(DATEDIFF_BIG(millisecond, [EndUtc], [FeedbackSubmittedAtUtc]) / 1000.0, 0) AS int) END
    WHERE [FeedbackSubmittedAtUtc] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    CREATE INDEX [IX_InterviewInterviewers_StartUtc] ON [InterviewInterviewers] ([StartUtc], [UserId], [Status], [Round], [PositionId], [AgencyId], [InterviewId], [EndUtc], [FeedbackDelaySeconds]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126081916_SeatFeedbackTimeliness'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126081916_SeatFeedbackTimeliness', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    DROP INDEX [IX_Interviews_StartUtc_Reschedules] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    ALTER TABLE [Interviews] ADD [RecordingConsent] bit NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    ALTER TABLE [Interviews] ADD [RecordingStarted] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    UPDATE i SET i.[RecordingConsent] = (
        SELECT TOP (1) c.[Granted] FROM [ConsentRecords] AS c
        WHERE c.[InterviewId] = i.[Id] AND c.[Kind] = 1
        ORDER BY c.[AtUtc] DESC, c.[Id] DESC)
    FROM [Interviews] AS i
    WHERE EXISTS (SELECT 1 FROM [ConsentRecords] AS c WHERE c.[InterviewId] = i.[Id] AND c.[Kind] = 1);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    UPDATE i SET i.[RecordingStarted] = CAST(1 AS bit)
    FROM [Interviews] AS i
    WHERE EXISTS (SELECT 1 FROM [Recordings] AS r WHERE r.[InterviewId] = i.[Id] AND r.[StartedAtUtc] IS NOT NULL);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    CREATE INDEX [IX_Interviews_StartUtc_Reschedules] ON [Interviews] ([StartUtc], [Round], [Status], [Version], [CandidateReschedules], [PositionId], [AgencyId], [RecordingConsent], [RecordingStarted]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126083321_InterviewRecordingCoverage'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126083321_InterviewRecordingCoverage', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126084808_StageChangeDuration'
)
BEGIN
    DROP INDEX [IX_CandidateStageChanges_AtUtc] ON [CandidateStageChanges];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126084808_StageChangeDuration'
)
BEGIN
    ALTER TABLE [CandidateStageChanges] ADD [SecondsInFrom] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126084808_StageChangeDuration'
)
BEGIN
    UPDATE h SET h.[SecondsInFrom] = CASE WHEN prev.[AtUtc] >= h.[AtUtc] THEN 0
        ELSE CAST(ROUND(DATEDIFF_BIG(millisecond, prev.[AtUtc], h.[AtUtc]) / 1000.0, 0) AS int) END
    FROM [CandidateStageChanges] AS h
    CROSS APPLY (SELECT MAX(p.[AtUtc]) AS [AtUtc] FROM [CandidateStageChanges] AS p
                 WHERE p.[CandidateId] = h.[CandidateId] AND p.[AtUtc] < h.[AtUtc]) AS prev
    WHERE h.[From] IS NOT NULL AND prev.[AtUtc] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126084808_StageChangeDuration'
)
BEGIN
    CREATE INDEX [IX_CandidateStageChanges_AtUtc] ON [CandidateStageChanges] ([AtUtc], [To], [From], [CandidateId], [SecondsInFrom]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126084808_StageChangeDuration'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126084808_StageChangeDuration', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_StartUtc_Reschedules] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    DROP INDEX [IX_Interviews_Status_StartUtc] ON [Interviews];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_StartUtc_Reschedules] ON [Interviews] ([StartUtc], [Round], [Status], [Version], [CandidateReschedules], [PositionId], [AgencyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    CREATE INDEX [IX_Interviews_Status_StartUtc] ON [Interviews] ([Status], [StartUtc], [Id], [Round], [PositionId], [AgencyId], [CandidateId], [RecordingConsent], [RecordingStarted]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    CREATE INDEX [IX_Candidates_AgencyId_Stage_CreatedAtUtc] ON [Candidates] ([AgencyId], [Stage], [CreatedAtUtc], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261126091826_ListAndReportIndexes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261126091826_ListAndReportIndexes', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061054_JoinsFromAuditTrail'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Invitations]') AND [c].[name] = N'FirstJoinedAtUtc');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [Invitations] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [Invitations] DROP COLUMN [FirstJoinedAtUtc];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061054_JoinsFromAuditTrail'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Invitations]') AND [c].[name] = N'JoinCount');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [Invitations] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [Invitations] DROP COLUMN [JoinCount];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127061054_JoinsFromAuditTrail'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127061054_JoinsFromAuditTrail', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    DROP INDEX [IX_AuditEntries_ActorId_AtUtc] ON [AuditEntries];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    DROP INDEX [IX_AuditEntries_TargetType_TargetId] ON [AuditEntries];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    CREATE TABLE [AuditIndex] (
        [Kind] int NOT NULL,
        [Key] nvarchar(128) NOT NULL,
        [EntryId] bigint NOT NULL,
        CONSTRAINT [PK_AuditIndex] PRIMARY KEY ([Kind], [Key], [EntryId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    CREATE TABLE [AuditIndexProgress] (
        [Id] int NOT NULL,
        [ThroughEntryId] bigint NOT NULL,
        CONSTRAINT [PK_AuditIndexProgress] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    INSERT INTO [AuditIndex] ([Kind], [Key], [EntryId]) SELECT 1, [ActorId], [Id] FROM [AuditEntries] WHERE [ActorId] IS NOT NULL UNION ALL SELECT 2, [TargetId], [Id] FROM [AuditEntries] WHERE [TargetId] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    INSERT INTO [AuditIndexProgress] ([Id], [ThroughEntryId]) SELECT 1, COALESCE(MAX([Id]), 0) FROM [AuditEntries];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261127073753_AuditSearchIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261127073753_AuditSearchIndex', N'10.0.15');
END;

COMMIT;
GO

