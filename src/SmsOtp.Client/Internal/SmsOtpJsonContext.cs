using System.Text.Json.Serialization;

namespace SmsOtp.Client.Internal;

/// <summary>Source-generated JSON for every body the client writes or reads (no reflection; trimming and AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendBody))]
[JsonSerializable(typeof(MobileBody))]
[JsonSerializable(typeof(VerifyBody))]
[JsonSerializable(typeof(ResendBody))]
[JsonSerializable(typeof(ResultBody))]
[JsonSerializable(typeof(ProfileUpdateBody))]
[JsonSerializable(typeof(ProfileRemoveMobileBody))]
[JsonSerializable(typeof(BackupCodesListBody))]
[JsonSerializable(typeof(BackupCodesClaimBody))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(SendResult))]
[JsonSerializable(typeof(VerifyResult))]
[JsonSerializable(typeof(ChallengeStatus))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(BackupCodes))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class SmsOtpJsonContext : JsonSerializerContext;
