using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Common;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Http;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Secrets;
using SmsOtp.Core.Security;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>
/// The service's own per-login work beside the storage and HTTP calls (issue 19): the keys asked for on every
/// send, enqueue, delivery and verify; the queue message and its sealed payload; reading a request body; writing
/// a response body. Reflection JSON beside the source-generated contexts the service uses.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionApi = JsonDefaults.Options;
    private ServiceKeys _keys = null!;
    private KeySet _keySet = null!;
    private DeliveryMessage _message = null!;
    private SmsContent _payload = null!;
    private string _messageText = "";
    private string _sealed = "";
    private byte[] _sendBody = [];
    private SendResponse _response = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // The configuration a WebApplication has (environment variables, JSON files, command line, memory).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SmsOtp:Secrets:otp-hmac-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SmsOtp:Secrets:queue-encryption-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        builder.Services.AddOptions<SecretOptions>().Bind(builder.Configuration.GetSection(SecretOptions.SectionName));
        var services = builder.Services.BuildServiceProvider();
        _keys = new ServiceKeys(new ConfigurationSecretSource(builder.Configuration), services.GetRequiredService<IOptionsMonitor<SecretOptions>>(),
            services.GetRequiredService<IHostEnvironment>(), NullLogger<ServiceKeys>.Instance);
        _keySet = await _keys.GetAsync(CancellationToken.None);
        _message = new DeliveryMessage(1, "AAECAwQFBgcICQoLDA0ODw", 3, new Azure.ETag("W/\"datetime'2026-12-01T13%3A55%3A49.123Z'\""),
            DateTimeOffset.UtcNow.AddMinutes(5), _keySet.QueueKeyId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(140)))
        {
            EnqueuedAt = DateTimeOffset.UtcNow,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        _payload = new SmsContent("EBESExQVFhcYGRobHB0eHw", "+94771234567", "123456") { Tenant = "bench", Locale = "en" };
        _messageText = JsonSerializer.Serialize(_message);
        _sealed = PayloadCipher.Encrypt(_keySet.QueueKey, JsonSerializer.Serialize(_payload), _message.AssociatedData);
        _sendBody = Encoding.UTF8.GetBytes("{\"tenant\":\"bench\",\"userId\":\"PRIMARY/user0000001@example.com\"}");
        _response = new SendResponse("sent", new ChallengeId("AAECAwQFBgcICQoLDA0ODw", "EBESExQVFhcYGRobHB0eHw"), "+*******4567",
            DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddSeconds(30), 6);
    }

    [Benchmark]
    public ValueTask<KeySet> KeysGet() => _keys.GetAsync(CancellationToken.None);

    [Benchmark]
    public string MessageReflection() => JsonSerializer.Serialize(_message);

    [Benchmark]
    public string MessageSourceGenerated() => JsonSerializer.Serialize(_message, BenchDeliveryJson.Default.DeliveryMessage);

    [Benchmark]
    public DeliveryMessage? ReadMessageReflection() => JsonSerializer.Deserialize<DeliveryMessage>(_messageText);

    [Benchmark]
    public DeliveryMessage? ReadMessageSourceGenerated() => JsonSerializer.Deserialize(_messageText, BenchDeliveryJson.Default.DeliveryMessage);

    [Benchmark]
    public string Seal() => PayloadCipher.Encrypt(_keySet.QueueKey, JsonSerializer.Serialize(_payload, BenchDeliveryJson.Default.SmsContent), _message.AssociatedData);

    [Benchmark]
    public string? Open() => PayloadCipher.Decrypt(_keySet.QueueKey, _sealed, _message.AssociatedData);

    [Benchmark]
    public async Task<JsonElement> ReadSendBody()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = _sendBody.Length;
        context.Request.Body = new MemoryStream(_sendBody, writable: false);
        return (await RequestReader.ReadObjectAsync(context.Request, CancellationToken.None)).Body;
    }

    [Benchmark]
    public byte[] WriteResponseReflection() => JsonSerializer.SerializeToUtf8Bytes(_response, _response.GetType(), ReflectionApi);

    [Benchmark]
    public byte[] WriteResponseChained() => JsonSerializer.SerializeToUtf8Bytes(_response, _response.GetType(), BenchApiJson.Chained);
}

/// <summary>The same source-generated metadata as the service's internal DeliveryJsonContext.</summary>
[JsonSerializable(typeof(DeliveryMessage))]
[JsonSerializable(typeof(SmsContent))]
internal sealed partial class BenchDeliveryJson : JsonSerializerContext;

/// <summary>The same chain as the service's internal ApiJsonContext.Chained.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict, MaxDepth = 16, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SendResponse))]
internal sealed partial class BenchApiJson : JsonSerializerContext
{
    public static JsonSerializerOptions Chained => field ?? Interlocked.CompareExchange(ref field, Create(), null) ?? field;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonDefaults.Options);
        options.TypeInfoResolverChain.Clear();
        options.TypeInfoResolverChain.Add(Default);
        options.TypeInfoResolverChain.Add(new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
