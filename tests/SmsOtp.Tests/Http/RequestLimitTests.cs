using System.Net.Sockets;

namespace SmsOtp.Tests.Http;

/// <summary>Body size, media type, JSON shape, field lengths, unknown routes and API keys: every refusal a problem with a code.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private LocalServerHost _server = null!;

    public async Task InitializeAsync() => _server = await LocalServerHost.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_content_length_over_64_KiB_gets_413_before_the_body_is_sent()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/otp/send HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
                   "Content-Length: 104857600\r\n\r\n{\"tenant\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Only a few bytes of the announced 100 MiB went out: the answer must come without the rest.
        var (status, body) = await ReadResponseAsync(stream);
        Assert.Equal(413, status);
        Assert.Contains("\"code\":\"payload_too_large\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_that_never_ends_is_cut_off_with_413()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/otp/verify HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        var chunk = Encoding.ASCII.GetBytes("1000\r\n" + new string(' ', 0x1000) + "\r\n");
        var sent = 0;
        var reading = ReadResponseAsync(stream);
        try
        {
            // Keep sending until the server answers; it must answer after about 64 KiB, not wait for an end.
            while (!reading.IsCompleted && sent < 8 * 1024 * 1024)
            {
                await stream.WriteAsync(chunk);
                sent += 0x1000;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after answering.
        }

        var (status, body) = await reading.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(413, status);
        Assert.Contains("\"code\":\"payload_too_large\"", body, StringComparison.Ordinal);
        Assert.True(sent < 8 * 1024 * 1024, $"the server read {sent} bytes without answering");
    }

    [Theory]
    [InlineData("text/plain", "{\"tenant\":\"a\",\"userId\":\"b\"}", 415, "unsupported_media_type")]
    [InlineData("application/x-www-form-urlencoded", "tenant=a&userId=b", 415, "unsupported_media_type")]
    [InlineData("application/json", "", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":", 400, "validation_failed")]
    [InlineData("application/json", "[1,2]", 400, "validation_failed")]
    [InlineData("application/json", "\"text\"", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":1,\"userId\":\"b\"}", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":\"a\",\"userId\":{\"x\":1}}", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":\"a\"}", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":\"a\",\"userId\":\"b\\u0000c\"}", 400, "validation_failed")]
    [InlineData("application/json", "{\"tenant\":\"a\",\"userId\":\"\\ud800\"}", 400, "validation_failed")]
    public async Task Malformed_send_bodies_get_a_problem(string contentType, string body, int status, string code)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _server.Client.PostAsync("api/otp/send", content);
        await HttpAsserts.AssertProblemAsync(_server, response, (HttpStatusCode)status, code);
    }

    [Fact]
    public async Task Bad_utf8_and_deep_nesting_get_400()
    {
        var bad = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"tenant\":\"a\",\"userId\":\""), 0xC3, 0x28, 0xFF, .. Encoding.ASCII.GetBytes("\"}")]);
        bad.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PostAsync("api/otp/send", bad), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);

        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) + "}";
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PostAsync("api/otp/verify", HttpAsserts.Json(deep)),
            HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
    }

    [Theory]
    [InlineData("api/otp/send", "{\"tenant\":\"TTTT\",\"userId\":\"b\"}", "tenant", 65, "validation_failed")]
    [InlineData("api/otp/send", "{\"tenant\":\"a\",\"userId\":\"UUUU\"}", "userId", 257, "validation_failed")]
    [InlineData("api/otp/verify", "{\"challengeId\":\"CCCC\",\"code\":\"1\"}", "challengeId", 129, "validation_failed")]
    [InlineData("api/otp/verify", "{\"challengeId\":\"abc\",\"code\":\"XXXX\"}", "code", 65, "validation_failed")]
    [InlineData("api/otp/mobile", "{\"challengeId\":\"abc\",\"mobile\":\"MMMM\"}", "mobile", 65, "invalid_mobile")]
    [InlineData("api/otp/resend", "{\"challengeId\":\"CCCC\"}", "challengeId", 129, "validation_failed")]
    public async Task Every_field_is_length_checked(string path, string template, string field, int length, string code)
    {
        var placeholder = field switch { "tenant" => "TTTT", "userId" => "UUUU", "challengeId" => "CCCC", "code" => "XXXX", _ => "MMMM" };
        var value = field == "mobile" ? "+94" + new string('7', length - 3) : new string('a', length);
        var response = await _server.Client.PostAsync(path, HttpAsserts.Json(template.Replace(placeholder, value, StringComparison.Ordinal)));
        await HttpAsserts.AssertProblemAsync(_server, response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task User_routes_length_check_their_query_and_body_fields()
    {
        var longUser = new string('u', 257);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.GetAsync($"api/users?userId={longUser}"),
            HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.GetAsync("api/users?userId=a&userId=b"),
            HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PutAsync("api/users?userId=a",
            HttpAsserts.Json("{\"mobile\":\"+94" + new string('7', 70) + "\"}")), HttpStatusCode.BadRequest, ProblemCodes.InvalidMobile);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PutAsync("api/users?userId=a",
            HttpAsserts.Json("{\"smsOtpDisabled\":\"yes\"}")), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        var tooMany = "{\"codes\":[" + string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"{10000000 + i}\"")) + "]}";
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PutAsync("api/users/backup-codes?userId=a",
            HttpAsserts.Json(tooMany)), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PutAsync("api/users/backup-codes?userId=a",
            HttpAsserts.Json("{\"codes\":[\"" + new string('1', 33) + "\"]}")), HttpStatusCode.BadRequest, ProblemCodes.ValidationFailed);

        // None of those refusals created the user.
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("api/users?userId=a")).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_get_problem_json()
    {
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.GetAsync("api/nope"), HttpStatusCode.NotFound, ProblemCodes.NotFound);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PostAsync("api/otp/nope", HttpAsserts.Json("{}")),
            HttpStatusCode.NotFound, ProblemCodes.NotFound);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.GetAsync("api/otp/send"),
            HttpStatusCode.MethodNotAllowed, ProblemCodes.MethodNotAllowed);
        await HttpAsserts.AssertProblemAsync(_server, await _server.Client.PostAsync("api/users", HttpAsserts.Json("{}")),
            HttpStatusCode.MethodNotAllowed, ProblemCodes.MethodNotAllowed);
    }

    internal static async Task<(int Status, string Body)> ReadResponseAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && text.Contains("\r\n0\r\n\r\n", StringComparison.Ordinal))
            {
                return (int.Parse(text.Split(' ')[1]), text[(end + 4)..]);
            }

            if (end >= 0)
            {
                var length = System.Text.RegularExpressions.Regex.Match(text, @"(?i)content-length:\s*(\d+)");
                if (length.Success && text.Length >= end + 4 + int.Parse(length.Groups[1].Value))
                {
                    return (int.Parse(text.Split(' ')[1]), text[(end + 4)..]);
                }
            }

            int read;
            try
            {
                read = await stream.ReadAsync(chunk);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                return (text.Length > 12 ? int.Parse(text.Split(' ')[1]) : 0, end >= 0 ? text[(end + 4)..] : "");
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
