namespace SmsOtp.Client;

/// <summary>
/// A profile change (<c>PUT /api/users</c>, which creates the profile when there is none). What is left unset is
/// left as it is: <c>new UserUpdate { Mobile = "+94778888888" }</c> sets the number,
/// <c>new UserUpdate { RemoveMobile = true }</c> removes it, <c>new UserUpdate { SmsOtpDisabled = true }</c> opts the user out.
/// </summary>
public sealed record UserUpdate
{
    /// <summary>The number to register (any form the service accepts); null leaves the number as it is.</summary>
    public string? Mobile { get; init; }

    /// <summary>True removes the registered number (cannot be combined with <see cref="Mobile"/>).</summary>
    public bool RemoveMobile { get; init; }

    /// <summary>True opts the user out of SMS OTP, false back in; null leaves it as it is.</summary>
    public bool? SmsOtpDisabled { get; init; }
}
