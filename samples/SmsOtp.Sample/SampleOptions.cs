namespace SmsOtp.Sample;

/// <summary>The sample's own settings (section <c>SmsOtp</c>, next to the client's address and key).</summary>
public sealed class SampleOptions
{
    public const string SectionName = "SmsOtp";

    /// <summary>The tenant this app's users live in at the service.</summary>
    public string Tenant { get; set; } = "sample";
}
