using Azure.Core;

namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>Azure.Core's options for the ACS pipeline: no retries and no timeout of its own (the provider client's apply).</summary>
internal sealed class AcsClientOptions : ClientOptions
{
    public AcsClientOptions()
    {
        Retry.MaxRetries = 0;
        Retry.NetworkTimeout = Timeout.InfiniteTimeSpan;

        // Request logging would name the URL and headers; the provider chain logs what matters, masked.
        Diagnostics.IsLoggingEnabled = false;
    }
}
