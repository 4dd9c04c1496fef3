namespace SmsOtp.Core.Otp.Issuing;

/// <summary>What issuing one code needs: who, where, the keys and the number's keyed hash already computed.</summary>
public sealed record CodeIssue(UserKey User, UserRecord Record, Challenge Challenge, string Mobile, string Operation, KeySet Keys, string NumberKey,
    DateTimeOffset Now);
