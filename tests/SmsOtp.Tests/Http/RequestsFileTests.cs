using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Http;

/// <summary>
/// The repository's <c>requests.http</c> (the README's first login for VS Code's REST Client and Visual Studio) runs
/// as a reader would run it, request by request against the local server, with the code copied from the outbox into
/// <c>@code</c>: every answer is a success and the login verifies. A renamed route or field breaks this test first.
/// </summary>
public sealed partial class RequestsFileTests
{
    [Fact]
    public async Task The_first_login_of_requests_http_verifies()
    {
        await using var server = await LocalServerHost.StartAsync();
        var file = File.ReadAllText(Path.Combine(RepositoryRoot(), "requests.http"));
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var answers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var requests = Parse(file, variables);
        variables["base"] = new Uri(server.BaseAddress, "api").AbsoluteUri;

        Assert.True(requests.Count >= 5, "requests.http lost its requests.");
        JsonElement? verified = null;
        foreach (var request in requests)
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), Expand(request.Url, variables, answers));
            if (request.Body.Length > 0)
            {
                message.Content = new StringContent(Expand(request.Body, variables, answers), Encoding.UTF8);
                message.Content.Headers.ContentType = null;
            }

            foreach (var (name, value) in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, Expand(value, variables, answers)))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, Expand(value, variables, answers));
                }
            }

            using var response = await server.Client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.Url} answered {(int)response.StatusCode}: {text}");
            var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            if (request.Name is not null)
            {
                answers[request.Name] = json;
            }

            if (request.Url.Contains("/dev/outbox", StringComparison.Ordinal))
            {
                // The reader copies the last SMS's code into @code; the SMS may still be on its way.
                var outbox = await server.OutboxAsync(1);
                variables["code"] = outbox.Last().GetProperty("code").GetString()!;
            }

            if (request.Url.Contains("/otp/verify", StringComparison.Ordinal))
            {
                verified = json;
            }
        }

        Assert.NotNull(verified);
        Assert.Equal("verified", verified.Value.GetProperty("status").GetString());
        Assert.Equal("PRIMARY/alice", verified.Value.GetProperty("userId").GetString());
    }

    private sealed record HttpFileRequest(string? Name, string Method, string Url, List<(string Name, string Value)> Headers, string Body);

    private static List<HttpFileRequest> Parse(string file, Dictionary<string, string> variables)
    {
        var requests = new List<HttpFileRequest>();
        foreach (var block in RequestSeparator().Split(file.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            string? name = null;
            var lines = block.Split('\n').ToList();
            var i = 0;
            for (; i < lines.Count; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    var named = NameComment().Match(line);
                    name = named.Success ? named.Groups[1].Value : name;
                    continue;
                }

                var variable = FileVariable().Match(line);
                if (variable.Success)
                {
                    variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
                    continue;
                }

                break;
            }

            if (i == lines.Count)
            {
                continue;
            }

            var requestLine = lines[i].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var headers = new List<(string, string)>();
            for (i++; i < lines.Count && lines[i].Trim().Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
            }

            var body = string.Join('\n', lines.Skip(i + 1)).Trim();
            requests.Add(new HttpFileRequest(name, requestLine[0], requestLine[1], headers, body));
        }

        return requests;
    }

    private static string Expand(string text, Dictionary<string, string> variables, Dictionary<string, JsonElement> answers) =>
        Placeholder().Replace(text, match =>
        {
            var expression = match.Groups[1].Value.Trim();
            var reference = ResponseReference().Match(expression);
            if (reference.Success)
            {
                var element = answers[reference.Groups[1].Value];
                foreach (var property in reference.Groups[2].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
                {
                    element = element.GetProperty(property);
                }

                return element.GetString()!;
            }

            return Expand(variables[expression], variables, answers);
        });

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmsOtpFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No repository root above the test's folder.");
    }

    [GeneratedRegex(@"^###.*$", RegexOptions.Multiline)]
    private static partial Regex RequestSeparator();

    [GeneratedRegex(@"^#\s*@name\s+(\S+)")]
    private static partial Regex NameComment();

    [GeneratedRegex(@"^@([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")]
    private static partial Regex FileVariable();

    [GeneratedRegex(@"\{\{(.+?)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\.response\.body\.\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$")]
    private static partial Regex ResponseReference();
}
