using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.TrustedDevices;

/// <summary>
/// <c>SmsOtp:TrustedDevices</c> (spec §15.1): how long a remembered device skips the SMS step (<see cref="Days"/>,
/// global or per tenant as <c>SmsOtp:Tenants:&lt;t&gt;:TrustedDevices:Days</c>; 0, the default, is off) and how many
/// devices a user keeps (<see cref="MaxPerUser"/>, the oldest goes). 90 days at most: a stolen app cookie must not
/// outlive a season (docs/security.md).
/// </summary>
public sealed class TrustedDeviceOptions : IValidatedOptions
{
    public const string SectionName = SectionNames.Root + ":TrustedDevices";

    public const int MaxDays = 90;

    [Range(0, MaxDays)]
    public int Days { get; set; }

    [Range(1, 20)]
    public int MaxPerUser { get; set; } = 5;

    public bool IsOn => Days > 0;

    public void Validate(OptionsErrors errors)
    {
        // The ranges say it all.
    }
}
