namespace SmsOtp.Core.Users;

/// <summary>A <c>PUT /api/users</c> body: each part optional; <see cref="RemoveMobile"/> for <c>"mobile": null</c>.</summary>
public sealed record ProfileUpdate(string? Mobile, bool RemoveMobile, bool? SmsOtpDisabled);
