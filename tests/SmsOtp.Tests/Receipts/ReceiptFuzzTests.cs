using Xunit.Abstractions;

namespace SmsOtp.Tests.Receipts;

/// <summary>
/// The receipts route under forged, replayed, unsigned, malformed and oversized receipts (spec §8, issue 16): for each
/// scheme, mutations of a genuine receipt (a flipped character in the URL, a header or the body; a header dropped or
/// doubled; another content type; a body past the limit; random bytes) are refused with a 4xx problem, never a 5xx,
/// and leave storage exactly as it was.
/// </summary>
public sealed class ReceiptFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerPreset = 150;

    [Theory]
    [InlineData("twilio")]
    [InlineData("vonage")]
    [InlineData("plivo")]
    [InlineData("bulksms")]
    public async Task Mutated_receipts_are_refused_and_change_nothing(string preset)
    {
        await using var f = await ReceiptFlowTests.Fixture.StartAsync(preset);
        var sent = await f.SendAsync("fuzz");
        var delivery = await f.WaitForAcceptanceAsync(sent, 1);
        // A URL token does not cover the body, so a changed body with the right token is a genuine receipt: for that
        // scheme every mutation starts from a receipt with a wrong token.
        var genuine = ReceiptFlowTests.Receipts.Build(delivery, "undelivered", forge: preset == "bulksms");
        var path = genuine.RequestUri!.OriginalString;
        var body = await genuine.Content!.ReadAsStringAsync();
        var type = genuine.Content.Headers.ContentType!.ToString();
        var headers = genuine.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value));

        var before = await StorageSnapshot.TakeAsync(f.Server);
        var random = new Random(20261201);
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        for (var i = 0; i < MutationsPerPreset; i++)
        {
            var (p, b, t, h, what) = Mutate(random, path, body, type, headers);
            using var request = new HttpRequestMessage(HttpMethod.Post, p) { Content = new ByteArrayContent(b) };
            if (t is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", t);
            }

            foreach (var (name, value) in h)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await f.Server.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status is < 400 or >= 500)
            {
                // A mutation the signature does not cover (a header other than the signature's, say) may still be genuine: it must change nothing either way.
                if (status != 204)
                {
                    failures.Add($"{status} for {what}");
                }
            }
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{status} without a problem for {what}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.Equal(before, await StorageSnapshot.TakeAsync(f.Server));
        Assert.Empty(f.Second.LogEntries);
        Assert.Equal("sent", (await f.StatusAsync(sent)).GetProperty("deliveryStatus").GetString());
        output.WriteLine(preset + ": " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));
    }

    private static (string Path, byte[] Body, string? Type, Dictionary<string, string> Headers, string What) Mutate(
        Random r, string path, string body, string type, Dictionary<string, string> headers)
    {
        var h = new Dictionary<string, string>(headers);
        switch (r.Next(8))
        {
            case 0:
                return (Flip(r, path, path.IndexOf('?', StringComparison.Ordinal) + 1), Encoding.UTF8.GetBytes(body), type, h, "a changed query");
            case 1:
                return (path, Encoding.UTF8.GetBytes(Flip(r, body, 0)), type, h, "a changed body");
            case 2 when h.Count > 0:
                var key = h.Keys.ElementAt(r.Next(h.Count));
                h[key] = Flip(r, h[key], 0);
                return (path, Encoding.UTF8.GetBytes(body), type, h, "a changed " + key);
            case 3 when h.Count > 0:
                h.Remove(h.Keys.ElementAt(r.Next(h.Count)));
                return (path, Encoding.UTF8.GetBytes(body), type, h, "a header dropped");
            case 4:
                return (path, Encoding.UTF8.GetBytes(body), new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", null }[r.Next(4)], h, "another content type");
            case 5:
                return (path, Encoding.UTF8.GetBytes(body + new string(' ', 70_000)), type, h, "an oversized body");
            case 6:
                var junk = new byte[r.Next(0, 600)];
                r.NextBytes(junk);
                return (path, junk, type, h, "random bytes");
            default:
                // Without the reference or the token, with a stranger's, or unsigned.
                var stripped = path.Split('?')[0] + (r.Next(2) == 0 ? "" : "?r=" + new string('A', 43) + "&token=guess");
                h.Remove("X-Twilio-Signature");
                h.Remove("X-Plivo-Signature-V3");
                return (stripped, Encoding.UTF8.GetBytes(body.Replace("sig", "gis", StringComparison.Ordinal)), type, h, "unsigned or unreferenced");
        }
    }

    private static string Flip(Random r, string text, int from)
    {
        if (text.Length <= from)
        {
            return text + "x";
        }

        var i = r.Next(from, text.Length);
        var c = text[i] == 'a' ? 'b' : 'a';
        return text[..i] + c + text[(i + 1)..];
    }
}
