namespace SmsOtp.Core.Users;

/// <summary>
/// Backup codes live on the user's row as keyed hashes (comma-separated), bound to the user's row key.
/// Spending one is part of the verify's conditional write, so two parallel uses give one success.
/// </summary>
public static class BackupCodes
{
    public const int Length = 8;
    public const int MaxImported = 100;

    public static int Count(UserRecord record) => Split(record.BackupCodeHashes).Count;

    public static void Replace(UserRecord record, byte[] hmacKey, IEnumerable<string> codes) =>
        record.BackupCodeHashes = string.Join(',', codes.Select(c => CodeHasher.Hash(hmacKey, Context(record), Normalize(c))).Distinct());

    /// <summary>Removes the matching hash from the row (not yet written) and says whether one matched.</summary>
    public static bool TrySpend(UserRecord record, IReadOnlyList<byte[]> hmacKeys, string code)
    {
        var hashes = Split(record.BackupCodeHashes);
        if (hashes.Count == 0)
        {
            return false;
        }

        var normalized = Normalize(code);
        var match = -1;
        for (var i = 0; i < hashes.Count; i++)
        {
            // Check every hash, so the time taken does not tell which one matched.
            // Any key in force: codes hashed before an HMAC key rotation stay usable while the previous key is kept.
            if (hmacKeys.Any(key => CodeHasher.Matches(key, Context(record), normalized, hashes[i])) && match < 0)
            {
                match = i;
            }
        }

        if (match < 0)
        {
            return false;
        }

        hashes.RemoveAt(match);
        record.BackupCodeHashes = hashes.Count == 0 ? null : string.Join(',', hashes);
        return true;
    }

    /// <summary>Accepts a list or WSO2's comma-separated claim; each code 4 to 32 letters or digits.</summary>
    public static bool TryParseImport(IEnumerable<string> items, out List<string> codes, out string? error)
    {
        codes = [];
        error = null;
        foreach (var item in items)
        {
            foreach (var part in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.Length is < 4 or > 32 || !part.All(char.IsAsciiLetterOrDigit))
                {
                    error = "Each backup code must be 4 to 32 letters or digits.";
                    return false;
                }

                codes.Add(part);
            }
        }

        if (codes.Count == 0 || codes.Count > MaxImported)
        {
            error = $"Import between 1 and {MaxImported} backup codes.";
            return false;
        }

        return true;
    }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    private static string Context(UserRecord record) => "backup|" + record.PartitionKey;

    private static List<string> Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
