using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// <c>SmsOtp:FraudGuard</c> (spec §9): the SMS pumping defence. A destination is the first
/// <see cref="PrefixLength"/> digits of the E.164 number; when at least <see cref="MinSends"/> codes went to it in
/// the sliding window and fewer than <see cref="MinConversionRate"/> of them were verified, it is suspended.
/// <see cref="MaxSmsPerHour"/> caps the SMS of all tenants together, and per tenant as
/// <c>SmsOtp:Tenants:&lt;t&gt;:FraudGuard:MaxSmsPerHour</c> (the only key of this section a tenant may set).
/// <see cref="Mode"/> switches the whole guard, caps included.
/// </summary>
public sealed class FraudGuardOptions : IValidatedOptions
{
    public const string SectionName = SectionNames.Root + ":FraudGuard";

    public const string Off = "off";
    public const string Monitor = "monitor";
    public const string Block = "block";

    /// <summary><c>off</c>, <c>monitor</c> (count, log, emit, audit, never refuse) or <c>block</c>.</summary>
    public string Mode { get; set; } = Block;

    [Range(1, 10)]
    public int PrefixLength { get; set; } = 5;

    [Range(1, 10080)]
    public int WindowMinutes { get; set; } = 60;

    [Range(1, 1_000_000)]
    public int MinSends { get; set; } = 20;

    [Range(0.0, 1.0)]
    public double MinConversionRate { get; set; } = 0.2;

    [Range(1, 10080)]
    public int SuspendMinutes { get; set; } = 60;

    /// <summary>Digit prefixes never suspended, comma-separated (<c>9477,4420</c>); a leading <c>+</c> is allowed.</summary>
    public string? TrustedPrefixes { get; set; }

    /// <summary>E.164 numbers never counted, never suspended, comma-separated (<c>+94771234567,+442071234567</c>); spec §15.4.</summary>
    public string? SafeNumbers { get; set; }

    /// <summary>SMS per sliding hour over all tenants (a tenant's own value: its own SMS); 0 is off.</summary>
    [Range(0, 100_000_000)]
    public int MaxSmsPerHour { get; set; }

    /// <summary>How often each instance merges its counts into the shared rows and re-reads them.</summary>
    [Range(1, 300)]
    public int FlushSeconds { get; set; } = 10;

    public bool IsOff => string.Equals(Mode?.Trim(), Off, StringComparison.OrdinalIgnoreCase);

    public bool IsMonitor => string.Equals(Mode?.Trim(), Monitor, StringComparison.OrdinalIgnoreCase);

    /// <summary>The window's buckets: twelve to a window (at least a minute each), so it slides in twelfths.</summary>
    public int BucketMinutes => Math.Max(1, WindowMinutes / 12);

    /// <summary><see cref="TrustedPrefixes"/> as digit strings.</summary>
    public IReadOnlyList<string> TrustedList() => ParsePrefixes(TrustedPrefixes, out _);

    public void Validate(OptionsErrors errors)
    {
        var mode = Mode?.Trim();
        if (!string.Equals(mode, Off, StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, Monitor, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mode, Block, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{errors.Prefix}{nameof(Mode)} must be off, monitor or block (was '{Mode}').");
        }

        ParsePrefixes(TrustedPrefixes, out var bad);
        if (bad is not null)
        {
            errors.Add($"{errors.Prefix}{nameof(TrustedPrefixes)} has '{bad}', which is not a prefix of 1 to 15 digits (e.g. 9477,4420).");
        }

        // The entry is not echoed: it may be a real person's number.
        FraudGuard.SafeNumbers.Parse(SafeNumbers, out var badNumber);
        if (badNumber is not null)
        {
            errors.Add($"{errors.Prefix}{nameof(SafeNumbers)} has an entry that is not an E.164 number (a + and 7 to 15 digits, comma-separated, e.g. +15555550100,+442079460000).");
        }
    }

    private static List<string> ParsePrefixes(string? value, out string? bad)
    {
        bad = null;
        var list = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return list;
        }

        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var digits = raw.StartsWith('+') ? raw[1..] : raw;
            if (digits.Length is < 1 or > 15 || !digits.All(char.IsAsciiDigit))
            {
                bad ??= raw;
                continue;
            }

            list.Add(digits);
        }

        return list;
    }
}

/// <summary>
/// <c>SmsOtp:FraudGuard:SafeNumbers</c> (spec §15.4): whole E.164 numbers, comma-separated, that the guard never
/// counts and never suspends (a number, where <c>TrustedPrefixes</c> is a range). The spending caps still count them:
/// they still cost an SMS.
/// </summary>
internal sealed class SafeNumbers
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
