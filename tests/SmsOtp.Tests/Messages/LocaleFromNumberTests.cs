using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace SmsOtp.Tests.Messages;

/// <summary>
/// Language from the number (spec §15.4): with <c>LocaleFromNumber</c>, a send without <c>locale</c> speaks the
/// shipped language of the number's country (the first shipped of its official languages), else the tenant's
/// <c>DefaultLocale</c>; a send's own <c>locale</c> wins; off by default. The table is the one docs/languages.md shows.
/// </summary>
public sealed class LocaleFromNumberTests
{
    private const string Spain = "+34612345678";
    private const string Brazil = "+5511912345678";
    private const string Japan = "+819012345678";
    private const string Russia = "+79123456789";

    [Theory]
    [InlineData(Spain, "es-ES")]
    [InlineData(Brazil, "pt-BR")]
    [InlineData(Japan, "ja-JP")]
    [InlineData("+32470123456", "nl-BE")]
    [InlineData("+41791234567", "de-CH")]
    [InlineData("+94778888888", "si-LK")]
    [InlineData("+254712345678", "en-KE")]
    [InlineData("+972501234567", null)] // Hebrew only since 2018; Arabic has a special status
    [InlineData("+12015550123", "en-US")]
    [InlineData(Russia, null)]
    [InlineData("not a number", null)]
    public void The_locale_of_a_number_is_its_country_first_shipped_language(string e164, string? locale) =>
        Assert.Equal(locale, CountryLanguages.LocaleFor(e164));

    [Fact]
    public void Every_region_of_the_table_has_a_shipped_language_and_docs_list_it()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "languages.md"));
        foreach (var (region, language) in CountryLanguages.Table)
        {
            Assert.Contains(language, BuiltInTemplates.Locales);
            Assert.True(Regex.IsMatch(doc, $@"\| {language} \|[^\n]*\b{region}\b"), $"docs/languages.md lists {region} under {language}");
        }
    }

    [Fact]
    public async Task Three_countries_with_and_without_locale_and_a_country_with_no_shipped_language()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:LocaleFromNumber"] = "true",
            ["SmsOtp:DefaultLocale"] = "de",
        });
        await Put(server, "es", Spain);
        await Put(server, "br", Brazil);
        await Put(server, "jp", Japan);
        await Put(server, "ru", Russia);

        var languages = new List<string?>();
        foreach (var body in new object[]
                 {
                     new { userId = "es" }, new { userId = "br" }, new { userId = "jp" }, new { userId = "ru" },
                     new { userId = "es", locale = "fr" }, new { userId = "br", locale = "it" }, new { userId = "jp", locale = "en" },
                 })
        {
            await Send(server, body);
            languages.Add(Language((await server.OutboxAsync(languages.Count + 1))[languages.Count]));
        }

        Assert.Equal(["es", "pt", "ja", "de", "fr", "it", "en"], languages);
    }

    [Fact]
    public async Task Off_by_default_and_per_tenant()
    {
        await using var server = await LocalServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["SmsOtp:Tenants:jp:LocaleFromNumber"] = "true",
        });
        await Put(server, "a", Japan);
        await Put(server, "b", Japan, "jp");
        await Send(server, new { userId = "a" });
        await server.OutboxAsync(1);
        await Send(server, new { tenant = "jp", userId = "b" });
        var outbox = await server.OutboxAsync(2);
        Assert.Matches("^Verification Code: [0-9]{6}$", outbox[0].GetProperty("text").GetString());
        Assert.Equal("ja", Language(outbox[1]));
    }

    /// <summary>Which shipped plain template the SMS is (null when none).</summary>
    private static string? Language(JsonElement sms)
    {
        var code = sms.GetProperty("code").GetString()!;
        var text = sms.GetProperty("text").GetString();
        return BuiltInTemplates.Locales.FirstOrDefault(l =>
            SmsComposer.Compose(BuiltInTemplates.Get(SmsTemplateKind.Plain, l)!, MessageValues.Plain(code, 300)).Text == text);
    }

    private static async Task Put(LocalServerHost server, string userId, string mobile, string tenant = "default") =>
        (await server.Client.PutAsJsonAsync($"api/users?tenant={tenant}&userId={userId}", new { mobile })).EnsureSuccessStatusCode();

    private static async Task Send(LocalServerHost server, object body)
    {
        var response = await server.PostAsync("api/otp/send", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains("\"sent\"", text, StringComparison.Ordinal);
    }
}
