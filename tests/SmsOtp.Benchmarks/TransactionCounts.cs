namespace SmsOtp.Benchmarks;

/// <summary>Counts of storage requests by "service|operation|status", and their differences between phases.</summary>
public sealed record TransactionCounts(IReadOnlyDictionary<string, long> ByKey)
{
    public long Total => ByKey.Values.Sum();

    /// <summary>Requests that were the listener polling an empty queue.</summary>
    public long EmptyPolls => ByKey.Where(p => p.Key.Contains("(empty)", StringComparison.Ordinal)).Sum(p => p.Value);

    public long Service(string service) => ByKey.Where(p => p.Key.StartsWith(service + "|", StringComparison.Ordinal)).Sum(p => p.Value);

    public TransactionCounts Minus(TransactionCounts earlier)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in ByKey)
        {
            var delta = value - earlier.ByKey.GetValueOrDefault(key);
            if (delta != 0)
            {
                result[key] = delta;
            }
        }

        return new TransactionCounts(result);
    }
}
