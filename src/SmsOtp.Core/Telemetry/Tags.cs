using System.Diagnostics;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// Attribute names: the metric attributes of spec §11 (plain: <c>tenant</c>, <c>outcome</c>, ...) and the span
/// attributes (<c>smsotp.</c>-prefixed, as docs/operations.md names them), and the one sanitiser of free text.
/// </summary>
internal static class Tags
{
    public const string Tenant = "tenant";
    public const string Outcome = "outcome";
    public const string Operation = "operation";
    public const string Country = "country";
    public const string Status = "status";
    public const string Method = "method";
    public const string Provider = "provider";
    public const string ErrorCode = "error_code";
    public const string Encoding = "encoding";
    public const string TestNumber = "test_number";

    public const string SpanTenant = "smsotp.tenant";
    public const string SpanOutcome = "smsotp.outcome";
    public const string SpanCountry = "smsotp.country";
    public const string SpanStatus = "smsotp.status";
    public const string SpanMethod = "smsotp.method";
    public const string SpanProvider = "smsotp.provider";
    public const string SpanErrorCode = "smsotp.error_code";
    public const string SpanReason = "smsotp.reason";
    public const string SpanTestNumber = "smsotp.test_number";
    public const string SpanDeliveryDuration = "smsotp.delivery.duration_s";

    private const int MaxErrorCodeLength = 64;
    private const string Redacted = "redacted";

    public static TagList Of(string k1, string v1) => new() { { k1, v1 } };

    public static TagList Of(string k1, string v1, string k2, string v2) => new() { { k1, v1 }, { k2, v2 } };

    public static TagList Of(string k1, string v1, string k2, string v2, string k3, string v3) => new() { { k1, v1 }, { k2, v2 }, { k3, v3 } };

    /// <summary>Adds the tag only with a value: an attribute that does not apply is left out, not sent empty.</summary>
    public static void AddIfAny(ref TagList tags, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags.Add(key, value);
        }
    }

    /// <summary>
    /// A provider's error code as an attribute: short, and never anything that could be a number (a run of six
    /// or more digits) should a provider put one where its code belongs. Real codes (<c>21211</c>, <c>401</c>,
    /// <c>secret-missing:twilio-auth-token</c>, <c>timeout</c>) pass unchanged and unallocated.
    /// </summary>
    public static string? SafeErrorCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var run = 0;
        foreach (var c in code)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 6)
            {
                return Redacted;
            }
        }

        return code.Length > MaxErrorCodeLength ? code[..MaxErrorCodeLength] : code;
    }
}
