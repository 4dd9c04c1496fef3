using System.Reflection;
using Microsoft.AspNetCore.Routing;

namespace SmsOtp.Tests.Hosting;

/// <summary>
/// The Functions app and the local server serve the same API: the generated functions.metadata
/// (routes, methods, auth levels) equals <see cref="ApiRoutes"/>, which the local server maps.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static JsonElement[] Functions()
    {
        var path = typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsMetadataPath").Value!;
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}: build src/SmsOtp.Functions first.");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    [Fact]
    public void Http_functions_equal_the_route_table()
    {
        var fromMetadata = Functions()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray().First()))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => (
                f.Name,
                Method: f.Trigger.GetProperty("methods").EnumerateArray().Single().GetString()!.ToUpperInvariant(),
                Route: f.Trigger.GetProperty("route").GetString()!,
                Anonymous: f.Trigger.GetProperty("authLevel").GetString() == "Anonymous"))
            .OrderBy(f => f.Name)
            .ToList();
        var fromTable = ApiRoutes.All.Select(r => (Name: r.Function, r.Method, r.Route, r.Anonymous)).OrderBy(r => r.Name).ToList();

        Assert.Equal(fromTable, fromMetadata);
        // Anonymous: health (§2.6), the contract (§7.1), the pages (§2.7) and delivery receipts (§8, proved by their
        // provider's signature or token instead); everything else needs a function key.
        Assert.All(fromMetadata.Where(f => f.Route is not ("health" or "openapi.json" or "delivery/receipts/{provider}") && !f.Route.StartsWith("pages/", StringComparison.Ordinal)),
            f => Assert.False(f.Anonymous));
        Assert.All(Functions().SelectMany(f => f.GetProperty("bindings").EnumerateArray()).Where(b => b.GetProperty("type").GetString() == "httpTrigger"),
            b => Assert.Contains(b.GetProperty("authLevel").GetString(), new[] { "Function", "Anonymous" }));
    }

    [Fact]
    public async Task The_running_local_server_serves_exactly_the_functions_routes()
    {
        await using var server = await LocalServerHost.StartAsync();
        var served = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiRoute>() is not null)
            .Select(e => (
                Method: e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single(),
                Route: e.RoutePattern.RawText!.TrimStart('/')["api/".Length..],
                Anonymous: e.Metadata.GetMetadata<ApiRoute>()!.Anonymous))
            .OrderBy(r => r.Route).ThenBy(r => r.Method)
            .ToList();
        var functions = Functions()
            .Select(f => f.GetProperty("bindings").EnumerateArray().First())
            .Where(t => t.GetProperty("type").GetString() == "httpTrigger")
            .Select(t => (
                Method: t.GetProperty("methods").EnumerateArray().Single().GetString()!.ToUpperInvariant(),
                Route: t.GetProperty("route").GetString()!,
                Anonymous: t.GetProperty("authLevel").GetString() == "Anonymous"))
            .OrderBy(r => r.Route).ThenBy(r => r.Method)
            .ToList();

        Assert.Equal(functions, served);

        // The only other API endpoint is the local development outbox.
        var others = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiRoute>() is null && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'));
        Assert.Equal(["api/dev/outbox"], others);
    }

    [Fact]
    public void Queue_triggers_listen_on_the_delivery_and_receipt_queues()
    {
        var triggers = Functions()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "queueTrigger")
            .ToList();

        // The host resolves each queue from the same setting the app's own client reads, so the two always
        // name one queue; the sample settings carry the defaults (the Bicep sets them too, see the infra tests).
        Assert.Equal(["%SmsOtp:Storage:DeliveryQueue%", "%SmsOtp:Storage:ReceiptQueue%"],
            triggers.Select(t => t.GetProperty("queueName").GetString()).Order(StringComparer.Ordinal));
        Assert.All(triggers, t => Assert.Equal("AzureWebJobsStorage", t.GetProperty("connection").GetString()));
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json"))).RootElement;
        Assert.Equal(new StorageOptions().DeliveryQueue, sample.GetProperty("Values").GetProperty("SmsOtp__Storage__DeliveryQueue").GetString());
        Assert.Equal(new StorageOptions().ReceiptQueue, sample.GetProperty("Values").GetProperty("SmsOtp__Storage__ReceiptQueue").GetString());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsOtpFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void Host_json_gives_the_queue_trigger_fast_polling_and_poison_after_five()
    {
        var settings = SmsOtp.Core.Hosting.HostJson.QueueSettings(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.True(settings.MaxPollingInterval <= TimeSpan.FromSeconds(2));
    }
}
