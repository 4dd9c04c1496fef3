using System.Reflection;

namespace SmsOtp.Tests.Http;

/// <summary>Every route but health needs a key: the function key in Azure, SmsOtp:LocalApiKey locally.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task Local_server_refuses_requests_without_the_key_before_reading_them()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?> { ["SmsOtp:LocalApiKey"] = "s3cret-local-key" });
        foreach (var route in ApiRoutes.All.Where(r => !r.Anonymous))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), "api/" + route.Route + "?userId=a");
            request.Content = HttpAsserts.Json("{\"tenant\":\"a\",\"userId\":\"b\"}");
            await HttpAsserts.AssertProblemAsync(server, await server.Client.SendAsync(request), HttpStatusCode.Unauthorized, ProblemCodes.Unauthorized);

            using var wrong = new HttpRequestMessage(new HttpMethod(route.Method), "api/" + route.Route + "?userId=a");
            wrong.Headers.Add("x-functions-key", "s3cret-local-kez");
            await HttpAsserts.AssertProblemAsync(server, await server.Client.SendAsync(wrong), HttpStatusCode.Unauthorized, ProblemCodes.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("api/health")).StatusCode);
        using var keyed = new HttpRequestMessage(HttpMethod.Put, "api/users?userId=a") { Content = HttpAsserts.Json("{}") };
        keyed.Headers.Add("x-functions-key", "s3cret-local-key");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(keyed)).StatusCode);
        using var viaQuery = new HttpRequestMessage(HttpMethod.Get, "api/users?userId=a&code=s3cret-local-key");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(viaQuery)).StatusCode);
    }

    [Fact]
    public void Functions_app_requires_a_function_key_on_every_route_but_health()
    {
        var path = typeof(ApiKeyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsMetadataPath").Value!;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var http = doc.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray()
                .FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger")))
            .Where(f => f.Trigger.ValueKind == JsonValueKind.Object)
            .ToDictionary(f => f.Name, f => f.Trigger.GetProperty("authLevel").GetString());
        Assert.Equal(ApiRoutes.All.Count, http.Count);
        foreach (var route in ApiRoutes.All)
        {
            Assert.Equal(route.Anonymous ? "Anonymous" : "Function", http[route.Function]);
        }
    }
}
