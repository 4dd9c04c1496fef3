namespace SmsOtp.Core.TestNumbers;

/// <summary>
/// The rules of <c>TestNumbers</c> (spec §15.2), in one place: which fixed code a number has, and what start-up
/// refuses (a number that is not E.164 or is listed twice, a code that breaks the tenant's code rules or is shorter
/// than <see cref="MinCodeLength"/>). A refusal names the key, never the code.
/// </summary>
public static class TestNumberList
{
    /// <summary>A fixed code is a standing secret for a real account: never shorter than this, whatever the tenant's length.</summary>
    public const int MinCodeLength = 6;

    /// <summary>What the audit and the <c>smsotp.sends</c> metric mark a test send with.</summary>
    public const string Marker = "test_number";

    /// <summary>The fixed code of <paramref name="e164"/>, or null for a number that is not a test number.</summary>
    public static string? CodeFor(IReadOnlyList<TestNumber> list, string? e164)
    {
        if (e164 is null)
        {
            return null;
        }

        foreach (var entry in list)
        {
            if (string.Equals(entry.Number?.Trim(), e164, StringComparison.Ordinal))
            {
                return entry.Code.Trim();
            }
        }

        return null;
    }

    /// <param name="list">The tenant's list (its own, or the global one).</param>
    /// <param name="alphanumeric">The tenant's <c>AlphanumericToken</c>: letters and digits; else digits only.</param>
    /// <param name="minLength">The shortest code the tenant issues (<c>MinTokenLength</c>, else <c>TokenLength</c>).</param>
    /// <param name="maxLength">The longest code the tenant issues (<c>MaxTokenLength</c>, else <c>TokenLength</c>).</param>
    public static void Validate(IReadOnlyList<TestNumber> list, bool alphanumeric, int minLength, int maxLength, OptionsErrors errors, string key = "TestNumbers")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{errors.Prefix}{key}:{i}");
            var number = list[i].Number?.Trim() ?? string.Empty;
            if (!IsE164(number))
            {
                errors.Add($"{at}:Number must be an E.164 number such as +15555550100.");
            }
            else if (!seen.Add(number))
            {
                errors.Add($"{at}:Number is listed twice: each test number has one code.");
            }

            // The message says what is wrong with the code, never the code itself.
            var code = list[i].Code?.Trim() ?? string.Empty;
            var low = Math.Max(MinCodeLength, minLength);
            if (code.Length < low || code.Length > maxLength)
            {
                errors.Add(low > maxLength
                    ? $"{at}:Code cannot be valid: a test code has at least {MinCodeLength} characters and this tenant's codes at most {maxLength} (widen MaxTokenLength)."
                    : $"{at}:Code must have {low} to {maxLength} characters (the tenant's code length, and at least {MinCodeLength}).");
            }

            if (code.Length > 0 && !code.All(c => char.IsAsciiDigit(c) || (alphanumeric && char.IsAsciiLetter(c))))
            {
                errors.Add(alphanumeric
                    ? $"{at}:Code may hold only letters A-Z and digits (AlphanumericToken is on)."
                    : $"{at}:Code may hold only digits (AlphanumericToken is off).");
            }
        }
    }

    private static bool IsE164(string number) =>
        number.Length is >= 8 and <= 16 && number[0] == '+' && number[1] != '0' && number.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
