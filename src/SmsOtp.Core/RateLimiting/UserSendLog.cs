namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The per-user limit, kept on the user's own row (<see cref="UserRecord.RecentSends"/>: the Unix seconds of
/// the sends of the last hour). The send writes that row anyway, conditionally, so the limit costs no
/// storage transaction and holds under parallel sends; it is a true sliding hour.
/// </summary>
public static class UserSendLog
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Refuses, or records the send on the (not yet written) row.</summary>
    public static RateLimitDecision TryRecord(UserRecord record, int limit, DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return RateLimitDecision.Allow;
        }

        var since = (now - Window).ToUnixTimeSeconds();
        var recent = Parse(record.RecentSends).Where(t => t > since).Order().ToList();
        if (recent.Count >= limit)
        {
            // The oldest send in the window must leave it before another fits.
            var oldest = DateTimeOffset.FromUnixTimeSeconds(recent[^limit]);
            return RateLimitDecision.Refuse(RateLimitDecision.User, oldest + Window - now);
        }

        recent.Add(now.ToUnixTimeSeconds());
        record.RecentSends = string.Join(',', recent.TakeLast(limit).Select(t => t.ToString(CultureInfo.InvariantCulture)));
        return RateLimitDecision.Allow;
    }

    private static IEnumerable<long> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield break;
        }

        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                yield return t;
            }
        }
    }
}
