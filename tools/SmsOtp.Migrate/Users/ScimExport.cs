namespace SmsOtp.Migrate.Users;

/// <summary>The users of one or more SCIM export files, and the warnings about the export's completeness.</summary>
public sealed record ScimExport(IReadOnlyList<ScimUser> Users, IReadOnlyList<string> Warnings);
