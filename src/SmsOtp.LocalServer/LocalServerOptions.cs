using SmsOtp.Core.Common;

namespace SmsOtp.LocalServer;

/// <summary>The local server's own key, <c>SmsOtp:LocalApiKey</c>: the stand-in for the Functions host's function keys.</summary>
public sealed class LocalServerOptions
{
    public const string SectionName = SectionNames.Root;

    /// <summary>When set, every route but the anonymous ones needs it in <c>x-functions-key</c> (or <c>?code=</c>).</summary>
    public string? LocalApiKey { get; set; }
}
