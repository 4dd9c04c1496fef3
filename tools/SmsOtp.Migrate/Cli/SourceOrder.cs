namespace SmsOtp.Migrate.Cli;

/// <summary>Orders <c>page-2.json#10</c> after <c>page-2.json#9</c>: file name, then row number.</summary>
public sealed class SourceOrder : IComparer<string>
{
    public static SourceOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var (fx, nx) = Split(x ?? "");
        var (fy, ny) = Split(y ?? "");
        var byFile = string.CompareOrdinal(fx, fy);
        return byFile != 0 ? byFile : nx.CompareTo(ny);
    }

    private static (string File, int Row) Split(string source)
    {
        var hash = source.LastIndexOf('#');
        return hash > 0 && int.TryParse(source[(hash + 1)..], out var n) ? (source[..hash], n) : (source, 0);
    }
}
