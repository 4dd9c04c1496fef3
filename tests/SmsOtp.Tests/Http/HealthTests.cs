using Microsoft.AspNetCore.Http;

namespace SmsOtp.Tests.Http;

/// <summary>The health check (spec §2.6): 200 when every dependency answers, 503 naming the one that does not.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_503_with_the_failing_check_when_the_queue_is_gone()
    {
        await using var h = await ServiceHarness.CreateAsync();
        var api = h.Services.GetRequiredService<ApiHandlers>();

        var (status, body) = await RunAsync(api);
        Assert.Equal(200, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());

        await h.QueueClient.DeleteAsync();
        (status, body) = await RunAsync(api);
        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.StartsWith("unhealthy", body.GetProperty("checks").GetProperty("queue").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("tables").GetString());
        await h.QueueClient.CreateAsync();
    }

    private static async Task<(int Status, JsonElement Body)> RunAsync(ApiHandlers api)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        var result = await api.HealthAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonDocument.Parse(context.Response.Body).RootElement.Clone());
    }
}
