using System.Globalization;
using System.Net;

namespace SmsOtp.Testing;

/// <summary>
/// The parts of a storage connection string the proxy needs: the account (kept in the proxy's own
/// connection string) and where each service listens (what the proxy forwards to).
/// </summary>
internal sealed record StorageTarget(string AccountName, string AccountKey, IReadOnlyDictionary<StorageService, Uri> Endpoints)
{
    // Azurite's well-known development account (public, documented by Microsoft).
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageTarget Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            return new StorageTarget(DevAccount, DevKey, new Dictionary<StorageService, Uri>
            {
                [StorageService.Blob] = new($"http://127.0.0.1:10000/{DevAccount}"),
                [StorageService.Queue] = new($"http://127.0.0.1:10001/{DevAccount}"),
                [StorageService.Table] = new($"http://127.0.0.1:10002/{DevAccount}"),
            });
        }

        string Required(string key) => parts.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"The storage connection string has no {key}; the fault proxy needs explicit endpoints (an Azurite connection string).", nameof(connectionString));

        var endpoints = new Dictionary<StorageService, Uri>();
        foreach (var service in Enum.GetValues<StorageService>())
        {
            var uri = new Uri(Required(service + "Endpoint"), UriKind.Absolute);
            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"The fault proxy forwards plain HTTP only; {service}Endpoint is {uri.Scheme}.", nameof(connectionString));
            }

            endpoints[service] = uri;
        }

        return new StorageTarget(Required("AccountName"), Required("AccountKey"), endpoints);
    }

    /// <summary>Where the proxy connects for <paramref name="service"/> (loopback names resolve to 127.0.0.1).</summary>
    public IPEndPoint EndPointOf(StorageService service)
    {
        var uri = Endpoints[service];
        var address = uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _) ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
        return new IPEndPoint(address, uri.Port);
    }

    /// <summary>The same account with every endpoint on the proxy's port for it.</summary>
    public string ConnectionStringVia(Func<StorageService, int> port)
    {
        string Endpoint(StorageService s) =>
            string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port(s)}{Endpoints[s].AbsolutePath.TrimEnd('/')}");
        return $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint={Endpoint(StorageService.Blob)};QueueEndpoint={Endpoint(StorageService.Queue)};TableEndpoint={Endpoint(StorageService.Table)};";
    }

    /// <summary>True when a client holding the proxy's connection string can talk to <paramref name="other"/> unchanged.</summary>
    public bool SameAccountAs(StorageTarget other) =>
        AccountName == other.AccountName && AccountKey == other.AccountKey
        && Enum.GetValues<StorageService>().All(s => Endpoints[s].AbsolutePath.TrimEnd('/') == other.Endpoints[s].AbsolutePath.TrimEnd('/'));
}
