using System.Diagnostics;
using System.Net.Http.Json;

namespace SmsOtp.Tests.Hosts;

/// <summary>
/// A storage outage on both hosts: the API answers 503 all along, and so do the hosted pages (their own error page, never a
/// 500: both hosts reach the pages only through the one guard), and afterwards the same process serves a login again
/// without a restart. In the Functions host this holds because the host's own storage client retries long enough
/// (<c>AzureWebJobsStorage__Retry__*</c>, set by local.settings.sample.json and the Bicep); with the defaults the host's
/// queue listener shut the host down about 10-30 s into such an outage (docs/operations.md).
/// </summary>
public sealed partial class HostJourneyTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(50);

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_storage_outage_answers_503_and_the_same_process_serves_again_after_it(HostKind kind)
    {
        await using var proxy = await StorageFaultProxy.StartOnSharedAzuriteAsync();
        await using var s = await ServiceUnderTest.StartAsync(kind, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = proxy.ConnectionString });
        output.WriteLine("Host: " + s.Description);
        await LoginAsync(s);
        var pageUser = User("outage-page");
        await PutUserAsync(s, pageUser);
        var pageUrl = (await SendAsync(s, new { tenant = "acme", userId = pageUser, returnUrl = ServiceUnderTest.ReturnUrl })).GetProperty("pageUrl").GetString()!;

        proxy.SetFault(StorageFault.Refuse);
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < Outage)
        {
            using var health = await s.Anonymous.GetAsync("api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var page = await s.Anonymous.GetAsync(pageUrl);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        proxy.SetFault(StorageFault.Pass);
        await WaitAsync(async () => (await s.Anonymous.GetAsync("api/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await LoginAsync(s);
        AssertContractHeld(s);
    }

    private static async Task LoginAsync(ServiceUnderTest s)
    {
        var user = User("outage");
        var mobile = await PutUserAsync(s, user);
        var sent = await SendAsync(s, new { tenant = "acme", userId = user });
        var code = await CodeSentToAsync(s, mobile, 1);
        var verified = await JsonAsync(await s.Client.PostAsJsonAsync("api/otp/verify", new { challengeId = Id(sent), code }));
        Assert.Equal("verified", verified.GetProperty("status").GetString());
    }
}
