namespace SmsOtp.Tests.Infrastructure;

/// <summary>Small helpers for tests that talk HTTP to the local server.</summary>
public static class HttpAsserts
{
    public static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    public static async Task AssertProblemAsync(LocalServerHost server, HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
    }
}
