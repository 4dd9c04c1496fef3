using Microsoft.Extensions.DependencyInjection;

namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// Azure Communication Services SMS (spec §14): <c>POST {Endpoint}/sms?api-version=2021-03-07</c> (the GA version),
/// <c>{"from", "smsRecipients":[{"to", "repeatabilityRequestId", "repeatabilityFirstSent"}], "message",
/// "smsSendOptions":{"enableDeliveryReport", "tag"}}</c>. The repeatability fields are fixed per code and provider
/// (<see cref="AcsRepeatability"/>), so a retry after a lost answer is answered from ACS's record of the first, not sent
/// again; <c>tag</c> is the code's §8 reference, which the Event Grid delivery report carries back. Authentication is the
/// app's managed identity (default) or a connection string's access key (<c>ConnectionStringSecret</c>); the request goes
/// through <see cref="AcsSmsClient"/> (Azure.Core's pipeline). Answers: <see cref="AcsAnswers"/>.
/// </summary>
internal static partial class AcsPreset
{
    public const string Name = "acs";

    /// <summary>The GA SMS API version.</summary>
    public const string ApiVersion = "2021-03-07";

    public static PresetDefinition Definition { get; } = new(Name, "", true, Build)
    {
        Validate = Validate,
    };

    private static ProviderTemplate Build(PresetInput p)
    {
        var entry = p.Entry ?? new ProviderOptions();
        var endpoint = (string.IsNullOrWhiteSpace(entry.Endpoint) ? p.BaseUrl : entry.Endpoint.Trim()).TrimEnd('/');
        var reports = entry.DeliveryReports;
        var settings = new AcsSettings(ConnectionStringSecret(entry.ConnectionStringSecret), Blank(entry.ManagedIdentityClientId), p.Name);
        return p.Post(
            endpoint + "/sms?api-version=" + ApiVersion,
            PresetInput.JsonHeaders,
            Body(p.FromFor(TemplateContext.Json), null, null, reports),
            202) with
        {
            ForMessage = (t, sms) => sms.Reference is { } reference
                ? t with { Payload = Body(p.FromFor(TemplateContext.Json), reference, sms.FirstAttempt is { } first ? AcsRepeatability.For(t.Name, reference, first) : null, reports) }
                : t,
            ReadAnswer = AcsAnswers.Read,
            ReadErrorCode = AcsAnswers.ErrorCode,

            // Reports come from Event Grid through the receipt queue, never to the HTTP receipt route.
            ReceiptScheme = reports ? ReceiptScheme.EventGrid : ReceiptScheme.UrlToken,
            Send = (services, request, cancellationToken) => services.GetRequiredService<AcsSmsClient>().SendAsync(settings, request, cancellationToken),
        };
    }

    /// <summary>The body; the reference and repeatability are fixed words and digits (the reference is URL-safe), escaped anyway.</summary>
    private static string Body(string from, string? reference, AcsRepeatability? repeat, bool reports) =>
        "{\"from\":\"" + from + "\",\"smsRecipients\":[{\"to\":\"$ctx.num\""
        + (repeat is { } r ? ",\"repeatabilityRequestId\":\"" + r.RequestId + "\",\"repeatabilityFirstSent\":\"" + r.FirstSent + "\"" : "")
        + "}],\"message\":\"$ctx.msg\",\"smsSendOptions\":{\"enableDeliveryReport\":" + (reports ? "true" : "false")
        + (reference is null ? "" : ",\"tag\":" + JsonSerializer.Serialize(reference)) + "}}";

    private static string? ConnectionStringSecret(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.StartsWith("{secret:", StringComparison.Ordinal) && trimmed.EndsWith('}') ? trimmed[8..^1] : trimmed;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IEnumerable<string> Validate(ProviderOptions options, string prefix)
    {
        var endpoint = string.IsNullOrWhiteSpace(options.Endpoint) ? options.BaseUrl : options.Endpoint;
        if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{prefix}Endpoint is required by the acs preset: https://<resource>.communication.azure.com.";
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && string.IsNullOrWhiteSpace(options.ConnectionStringSecret))
        {
            // A bearer token is never sent in clear (Azure.Core refuses it too).
            yield return $"{prefix}Endpoint must be https with managed identity (was '{endpoint}').";
        }

        if (options.ConnectionStringSecret is { } secret && !string.IsNullOrWhiteSpace(secret) && !SecretName().IsMatch(secret.Trim()))
        {
            yield return $"{prefix}ConnectionStringSecret must name a secret, NAME or {{secret:NAME}} (letters, digits, dashes).";
        }

        if (options.From is { } from && !string.IsNullOrWhiteSpace(from)
            && !(from.Trim().StartsWith('+') && from.Trim().Length is >= 8 and <= 16 && from.Trim()[1..].All(char.IsAsciiDigit))
            && !(from.Trim().Length is >= 1 and <= 11 && from.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && from.Trim().Any(char.IsAsciiLetter)))
        {
            yield return $"{prefix}From: an acs sender is an E.164 number (+ and 7-15 digits) or an alphanumeric sender id of at most 11 characters.";
        }

        if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) && !Guid.TryParse(options.ManagedIdentityClientId.Trim(), out _))
        {
            yield return $"{prefix}ManagedIdentityClientId must be a client id (a GUID).";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\{secret:[A-Za-z0-9-]{1,127}\}|[A-Za-z0-9-]{1,127})\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecretName();
}
