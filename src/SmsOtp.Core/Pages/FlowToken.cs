namespace SmsOtp.Core.Pages;

/// <summary>What a page link carries, sealed: the challenge it belongs to, when it stops working and where to return.</summary>
public sealed record FlowToken(ChallengeId Challenge, DateTimeOffset ExpiresAt, string ReturnUrl);
