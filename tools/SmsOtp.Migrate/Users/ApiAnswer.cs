using System.Text.Json;

namespace SmsOtp.Migrate.Users;

/// <summary>The service's answer to one call: the status, the problem <c>code</c> of an error, the JSON body.</summary>
public sealed record ApiAnswer(int Status, string? Code, JsonElement? Body)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The reason for the report: the problem code, else the status (never the problem's detail text).</summary>
    public string Reason => Code ?? "http_" + Status;
}
