namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// <c>SmsOtp:FraudGuard:SafeNumbers</c> (spec §15.4): whole E.164 numbers, comma-separated, that the guard never
/// counts and never suspends (a number, where <c>TrustedPrefixes</c> is a range). The spending caps still count them:
/// they still cost an SMS.
/// </summary>
public sealed class SafeNumbers
{
    private readonly HashSet<string> _numbers;

    private SafeNumbers(string? source, HashSet<string> numbers)
    {
        Source = source;
        _numbers = numbers;
    }

    public static SafeNumbers None { get; } = new(null, []);

    /// <summary>The setting these were parsed from (a cache compares it by reference).</summary>
    public string? Source { get; }

    public bool Contains(string e164) => _numbers.Contains(e164);

    /// <summary>Parses the setting; <paramref name="bad"/> is the first entry that is not an E.164 number.</summary>
    public static SafeNumbers Parse(string? value, out string? bad)
    {
        bad = null;
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.Length is < 8 or > 16 || raw[0] != '+' || raw[1] == '0' || raw.AsSpan(1).IndexOfAnyExceptInRange('0', '9') >= 0)
            {
                bad ??= raw;
                continue;
            }

            numbers.Add(raw);
        }

        return new SafeNumbers(value, numbers);
    }
}
