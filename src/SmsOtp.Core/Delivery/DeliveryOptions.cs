using System.ComponentModel.DataAnnotations;
using SmsOtp.Core.Common;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// <c>SmsOtp:Delivery</c>, the queue side: how a code that no provider took yet is tried again while it can
/// still be used. (The per-call retries and breaker under the same section belong to the providers.)
/// </summary>
public sealed class DeliveryOptions : IValidatedOptions
{
    public const string SectionName = SectionNames.Root + ":Delivery";

    /// <summary>The wait before the second attempt; it doubles with each further attempt (with jitter).</summary>
    [Range(1, 300)]
    public int RedeliveryBaseDelaySeconds { get; set; } = 2;

    /// <summary>The longest wait between two attempts (an open breaker or a Retry-After may ask for longer).</summary>
    [Range(1, 3600)]
    public int RedeliveryMaxDelaySeconds { get; set; } = 30;

    /// <summary>A code that would arrive with less of its lifetime left than this is given up (delivery_failed).</summary>
    [Range(0, 3600)]
    public int GiveUpSecondsBeforeExpiry { get; set; } = 10;

    public void Validate(OptionsErrors errors)
    {
        if (RedeliveryMaxDelaySeconds < RedeliveryBaseDelaySeconds)
        {
            errors.Add($"{errors.Prefix}{nameof(RedeliveryMaxDelaySeconds)} must not be less than {nameof(RedeliveryBaseDelaySeconds)}.");
        }
    }
}
