using SmsOtp.Core.Configuration;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// Turns a provider entry into a <see cref="ProviderTemplate"/>: a raw template as configured, or one
/// of the named presets.
/// </summary>
public static class ProviderPresets
{
    public static IReadOnlyCollection<string> Names { get; } = [];

    public static IEnumerable<string> Validate(ProviderOptions p, string prefix)
    {
        if (!Names.Contains(p.Preset!.Trim().ToLowerInvariant()))
        {
            yield return $"{prefix}Preset '{p.Preset}' is unknown.";
        }
    }

    public static ProviderTemplate Build(ProviderOptions p, int index)
    {
        if (!string.IsNullOrWhiteSpace(p.Preset))
        {
            throw new InvalidOperationException($"SmsOtp:Providers:{index}:Preset '{p.Preset}' is unknown.");
        }

        HeaderList.TryParse(p.Headers, out var headers);
        return new ProviderTemplate(
            p.DisplayName(index),
            p.Url!,
            p.Method.ToUpperInvariant(),
            headers,
            string.IsNullOrEmpty(p.Payload) ? null : p.Payload,
            string.IsNullOrWhiteSpace(p.HttpResponseCode) ? null : int.Parse(p.HttpResponseCode, System.Globalization.CultureInfo.InvariantCulture),
            string.Equals(p.NumberFormat, "digits", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(p.TimeoutSeconds));
    }
}
