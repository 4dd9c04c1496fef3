using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SmsOtp.Client.Tests;

/// <summary>What the package is and promises, apart from any server: its dependencies, its options, its constants.</summary>
public sealed class PackageTests
{
    [Fact]
    public void The_client_does_not_depend_on_the_server()
    {
        var references = typeof(SmsOtpClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, n => n.StartsWith("SmsOtp.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_problem_codes_are_the_contracts()
    {
        var contract = ContractDocument.Default.Root.GetProperty("components").GetProperty("schemas").GetProperty("ProblemCode")
            .GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order();
        var constants = typeof(ProblemCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order();
        Assert.Equal(contract, constants);
    }

    [Theory]
    [InlineData("SendResponse", "status", typeof(SendStatus))]
    [InlineData("SendResponse", "reason", typeof(SendReasons))]
    [InlineData("VerifyResponse", "status", typeof(VerifyStatus))]
    [InlineData("VerifyResponse", "method", typeof(VerifyMethods))]
    [InlineData("ChallengeStatus", "state", typeof(ChallengeStates))]
    [InlineData("ChallengeStatus", "deliveryStatus", typeof(DeliveryStatuses))]
    [InlineData("Health", "status", typeof(HealthStatus))]
    public void The_status_constants_are_the_contracts(string schema, string property, Type constants)
    {
        var contract = ContractDocument.Default.Root.GetProperty("components").GetProperty("schemas").GetProperty(schema)
            .GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order();
        Assert.Equal(contract, constants.GetFields().Select(f => (string)f.GetRawConstantValue()!).Order());
    }

    [Fact]
    public void Every_result_property_is_a_contract_field()
    {
        var schemas = ContractDocument.Default.Root.GetProperty("components").GetProperty("schemas");
        foreach (var (type, schema) in new[]
        {
            (typeof(SendResult), "SendResponse"), (typeof(VerifyResult), "VerifyResponse"), (typeof(ChallengeStatus), "ChallengeStatus"),
            (typeof(UserProfile), "Profile"), (typeof(BackupCodes), "BackupCodes"), (typeof(HealthReport), "Health"),
        })
        {
            var fields = schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();
            var settable = type.GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();
            Assert.Equal(fields, settable);
        }
    }

    [Theory]
    [InlineData(null, "BaseAddress is required")]
    [InlineData("/relative", "absolute http or https")]
    [InlineData("ftp://example.com", "absolute http or https")]
    [InlineData("https://example.com/?code=secret", "no query")]
    public void A_bad_base_address_is_refused_with_the_option_named(string? address, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(o => o.BaseAddress = address is null ? null : new Uri(address, UriKind.RelativeOrAbsolute)));
        Assert.Contains("SmsOtpClientOptions.BaseAddress", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Bad_timeouts_retries_and_keys_are_refused_with_the_option_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.BaseAddress = new Uri("https://func-otp.azurewebsites.net");
            o.FunctionKey = "a key";
            o.AttemptTimeout = TimeSpan.FromSeconds(20);
            o.TotalTimeout = TimeSpan.FromSeconds(5);
            o.MaxRetryAttempts = -1;
            o.RetryDelay = TimeSpan.FromHours(1);
            o.MaxRetryAfter = TimeSpan.FromHours(1);
        }));
        foreach (var name in new[] { "FunctionKey", "TotalTimeout", "MaxRetryAttempts", "RetryDelay", "MaxRetryAfter" })
        {
            Assert.Contains("SmsOtpClientOptions." + name, error.Message);
        }
    }

    [Fact]
    public async Task A_host_with_bad_options_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSmsOtpClient(o => o.BaseAddress = new Uri("file:///etc/passwd"));
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SmsOtpClientOptions.BaseAddress", error.Message);
    }

    [Theory]
    [InlineData("https://func-otp.azurewebsites.net", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("https://func-otp.azurewebsites.net/", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("https://func-otp.azurewebsites.net/api", "https://func-otp.azurewebsites.net/api/")]
    [InlineData("https://func-otp.azurewebsites.net/API/", "https://func-otp.azurewebsites.net/API/")]
    [InlineData("https://gateway.example.com/otp", "https://gateway.example.com/otp/api/")]
    [InlineData("http://127.0.0.1:7071", "http://127.0.0.1:7071/api/")]
    public void The_client_adds_api_unless_the_address_ends_in_it(string address, string expected)
    {
        var services = new ServiceCollection();
        services.AddSmsOtpClient(o => o.BaseAddress = new Uri(address));
        var http = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SmsOtpClient));
        Assert.Equal(new Uri(expected), http.BaseAddress);
        Assert.False(http.DefaultRequestHeaders.Contains("x-functions-key"));
    }

    [Fact]
    public void New_idempotency_keys_are_valid_and_distinct()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => IdempotencyKeys.New()).ToArray();
        Assert.All(keys, k => Assert.True(IdempotencyKeys.IsValid(k)));
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.True(IdempotencyKeys.IsValid("A-z_0.9:" + new string('x', 56)));
        Assert.False(IdempotencyKeys.IsValid(null));
    }

    private static SmsOtpClient Resolve(Action<SmsOtpClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSmsOtpClient(configure);
        return services.BuildServiceProvider().GetRequiredService<SmsOtpClient>();
    }
}
