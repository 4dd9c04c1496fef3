using System.Net.Http.Json;
using Xunit.Abstractions;

namespace SmsOtp.Tests.Http;

/// <summary>
/// Thousands of generated and mutated requests per route against the running local server on Azurite:
/// no 5xx, every 4xx a problem+json with a code, and no request that was refused changed stored state.
/// Requests go in rounds of parallel requests; a round in which every request was refused must leave the
/// table and the queues exactly as they were (a round with an accepted request takes a fresh snapshot).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int RequestsPerRoute = 1000;
    private const int RoundSize = 24;
    private const int Seed = 20261126;

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=iso-8859-1", "application/problem+json", "application/jsonx", "json", "*/*", "",
    ];

    private static readonly string[] Junk =
    [
        "", " ", "\u0000", "a\u0007b", "\r\n", "\t", "\u202e", "\u00e9", "\ud83d\ude00", "%00", "../../etc", "' OR 1=1 --",
        "<script>", "${jndi:x}", "+94778888888", "0094778888888", "94 77 888 8888", "(077) 888-8888", "+", "+0", "123456",
        "PRIMARY/alice@example.com", "default", "a#b?c", "\\", "null", "[]", "{}",
    ];

    private sealed record Route(string Method, string Path, bool QueryUser, Func<Random, Dictionary<string, string>> Fields);

    [Fact]
    public async Task Generated_and_mutated_requests_never_fail_the_server_or_change_state_when_refused()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:RateLimits:SendsPerUserPerHour"] = "0",
            ["SmsOtp:RateLimits:SendsPerNumberPerHour"] = "0",
            ["SmsOtp:RateLimits:SendsPerTenantPerMinute"] = "0",
        });
        var services = server.Services;
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(server.Table);
        var queues = services.GetRequiredService<QueueServiceClient>();
        var queue = queues.GetQueueClient(server.Queue);
        var poison = queues.GetQueueClient(server.Queue + "-poison");

        // A real user with an open challenge, so mutated requests also reach the deeper paths.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PutAsJsonAsync("api/users?tenant=acme&userId=fuzz", new { mobile = "+94778888888" })).StatusCode);
        var sent = await server.JsonAsync(await server.PostAsync("api/otp/send", new { tenant = "acme", userId = "fuzz" }));
        var challenge = sent.GetProperty("challengeId").GetString()!;
        await QuiesceAsync(queue);

        string Challenge(Random r) => r.Next(4) switch
        {
            0 => challenge,
            1 => challenge[..^1] + (challenge[^1] == 'A' ? 'B' : 'A'),
            2 => Pick(r, Junk),
            _ => RandomText(r, r.Next(1, 200)),
        };

        var routes = new List<Route>
        {
            new("POST", "api/otp/send", false, r => new() { ["tenant"] = Str(r.Next(3) == 0 ? "acme" : RandomText(r, 8)), ["userId"] = Str(RandomText(r, r.Next(1, 40))) }),
            new("POST", "api/otp/mobile", false, r => new() { ["challengeId"] = Str(Challenge(r)), ["mobile"] = Str(Pick(r, Junk)) }),
            new("POST", "api/otp/verify", false, r => new() { ["challengeId"] = Str(Challenge(r)), ["code"] = Str(r.Next(1_000_000).ToString("D6")) }),
            new("POST", "api/otp/resend", false, r => new() { ["challengeId"] = Str(Challenge(r)) }),
            new("GET", "api/users", true, _ => []),
            new("PUT", "api/users", true, r => new() { ["mobile"] = Str(Pick(r, Junk)), ["smsOtpDisabled"] = r.Next(2) == 0 ? "true" : "\"no\"" }),
            new("DELETE", "api/users", true, _ => []),
            new("POST", "api/users/backup-codes", true, _ => []),
            new("PUT", "api/users/backup-codes", true, r => new() { ["codes"] = "[" + string.Join(',', Enumerable.Range(0, r.Next(0, 5)).Select(_ => Str(r.Next(100_000_000).ToString("D8")))) + "]" }),
            new("POST", "api/users/unlock", true, _ => []),
            new("GET", "api/health", false, _ => []),
        };

        var random = new Random(Seed);
        var requests = routes.SelectMany(route => Enumerable.Range(0, RequestsPerRoute).Select(_ => Build(route, random))).ToList();
        Shuffle(random, requests);

        var baseline = await StorageSnapshot.TakeAsync(table, queue, poison);
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var checkedRounds = 0;
        foreach (var round in requests.Chunk(RoundSize))
        {
            var results = new (FuzzRequest Request, int Status, string? Problem)[round.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, round.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                results[i] = await SendAsync(server.Client, round[i], ct);
            });

            foreach (var (request, status, problem) in results)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500 && !(request.Path == "api/health" && status == 503))
                {
                    failures.Add($"{status} for {request}");
                }
                else if (status >= 400 && problem is not null)
                {
                    failures.Add($"{status} without a problem code ({problem}) for {request}");
                }
            }

            // Health only reads, so its 200s do not spoil a round of refusals (if it wrote, the check would catch it).
            if (results.All(r => r.Status >= 400 || r.Request.Path == "api/health"))
            {
                var after = await StorageSnapshot.TakeAsync(table, queue, poison);
                if (after != baseline)
                {
                    failures.Add("A round of refused requests changed storage:\n" + string.Join('\n', round.Select(r => r.ToString())));
                }

                checkedRounds++;
            }
            else
            {
                await QuiesceAsync(queue);
                baseline = await StorageSnapshot.TakeAsync(table, queue, poison);
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)) + "\n\nServer errors:\n"
                + string.Join("\n", server.Logs.GetSnapshot().Where(l => l.Exception is not null).Select(l => l.Exception!.ToString()).Take(2)));
        }

        output.WriteLine($"{requests.Count} requests, {checkedRounds} all-refused rounds checked against storage; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));
        Assert.True(checkedRounds > requests.Count / RoundSize / 2, "too few rounds were refused entirely to prove the state claim");
    }

    private sealed record FuzzRequest(string Method, string Path, string Query, string? ContentType, byte[]? Body)
    {
        public override string ToString() =>
            $"{Method} {Path}{Query} [{ContentType}] {(Body is null ? "(no body)" : Encoding.UTF8.GetString(Body.Length > 300 ? Body[..300] : Body))}";
    }

    private static async Task<(FuzzRequest, int, string?)> SendAsync(HttpClient client, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.Query);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is { Length: > 0 } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            return (request, 599, "no response: " + e.InnerException?.Message);
        }

        using var _ = response;
        var status = (int)response.StatusCode;
        string? problem = null;
        if (status >= 400)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                    || !doc.RootElement.TryGetProperty("code", out var code) || string.IsNullOrEmpty(code.GetString()))
                {
                    problem = text;
                }
            }
            catch (JsonException)
            {
                problem = "not JSON: " + text;
            }
        }

        return (request, status, problem);
    }

    private static FuzzRequest Build(Route route, Random r)
    {
        var query = route.QueryUser ? Query(r) : r.Next(10) == 0 ? "?" + RandomText(r, 20) : "";
        if (route.Method is "GET" or "DELETE" && r.Next(3) != 0)
        {
            return new FuzzRequest(route.Method, route.Path, query, null, null);
        }

        var fields = route.Fields(r);
        var mutations = r.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            var names = fields.Keys.ToList();
            switch (r.Next(5))
            {
                case 0 when names.Count > 0:
                    fields.Remove(Pick(r, names));
                    break;
                case 1 when names.Count > 0:
                    fields[Pick(r, names)] = RandomValue(r, 0);
                    break;
                case 2:
                    fields[Pick(r, ["x", "tenant", "userId", "code", "__proto__", "challengeId", ""])] = RandomValue(r, 0);
                    break;
                default:
                    break;
            }
        }

        var json = "{" + string.Join(',', fields.Select(f => Str(f.Key) + ":" + f.Value)) + "}";
        var body = Encoding.UTF8.GetBytes(json);
        switch (r.Next(12))
        {
            case 0:
                body = body[..r.Next(body.Length)];
                break;
            case 1:
                body = [.. body.Take(body.Length / 2), (byte)Pick(r, new[] { 0xFF, 0xC3, 0x80, 0xED, 0x00 }), .. body.Skip(body.Length / 2)];
                break;
            case 2:
                body = [.. "["u8.ToArray(), .. body, .. "]"u8.ToArray()];
                break;
            case 3:
                body = [0xEF, 0xBB, 0xBF, .. body];
                break;
            case 4:
                var bytes = new byte[r.Next(0, 300)];
                r.NextBytes(bytes);
                body = bytes;
                break;
            case 5:
                body = Encoding.UTF8.GetBytes(Pick(r, ["", "null", "1", "\"s\"", "true", "{", "}", "{\"a\":1}{\"b\":2}", "{\"a\":1,}", "{'a':1}"]));
                break;
        }

        var contentType = r.Next(5) == 0 ? Pick(r, ContentTypes) : "application/json";
        return new FuzzRequest(route.Method, route.Path, query, contentType, body);
    }

    private static string Query(Random r)
    {
        var parts = new List<string>();
        if (r.Next(6) != 0)
        {
            parts.Add("tenant=" + Pick(r, ["acme", "default", "", "a b", "-bad", new string('t', 65), "%00", "%C3%28", "acme&tenant=other"]));
        }

        if (r.Next(8) != 0)
        {
            parts.Add("userId=" + Pick(r, ["u" + r.Next(50), "", "%00", "a%0Ab", "%ZZ", "%C3%28", "%ED%A0%80", Uri.EscapeDataString(RandomText(r, r.Next(1, 300))),
                new string('u', 257), "x&userId=y", "PRIMARY%2Falice%40example.com"]));
        }

        if (r.Next(5) == 0)
        {
            parts.Add(Pick(r, ["code=abc", "mobile=%2B94778888888", "x=" + new string('x', 2000), "=", "&&", "userId"]));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string RandomValue(Random r, int depth) => r.Next(depth > 3 ? 7 : 10) switch
    {
        0 => r.Next(2) == 0 ? "true" : "false",
        1 => "null",
        2 => Pick(r, ["0", "-1", "1e400", "3.14", "123456", "99999999999999999999999"]),
        3 => Str(new string(Pick(r, ['a', '7', '\u0000', '\u00e9']), r.Next(60, 70_000))),
        4 => "\"" + Pick(r, ["\\ud800", "\\udfff", "\\u0000", "\\x41", "\\", "\\uZZZZ", "\t"]) + "\"",
        5 => Str(Pick(r, Junk)),
        6 => Str(RandomText(r, r.Next(0, 300))),
        7 => "[" + string.Join(',', Enumerable.Range(0, r.Next(0, 4)).Select(_ => RandomValue(r, depth + 1))) + "]",
        8 => "{\"k\":" + RandomValue(r, depth + 1) + "}",
        _ => string.Concat(Enumerable.Repeat("[", r.Next(10, 3000))) + string.Concat(Enumerable.Repeat("]", r.Next(10, 3000))),
    };

    private static string RandomText(Random r, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = r.Next(10) switch
            {
                0 => (char)r.Next(0, 32),
                1 => (char)r.Next(0xD800, 0xE000),
                2 => (char)r.Next(0x80, 0x3000),
                _ => (char)r.Next(32, 127),
            };
        }

        return new string(chars);
    }

    /// <summary>A JSON string literal; lone surrogates pass through as \u escapes, as an attacker could send them.</summary>
    private static string Str(string value) => JsonSerializer.Serialize(value);

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static void Shuffle<T>(Random r, IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = r.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>Waits until the local queue listener has delivered what accepted requests queued.</summary>
    private static async Task QuiesceAsync(QueueClient queue)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The delivery queue did not drain.");
    }
}
