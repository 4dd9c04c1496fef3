using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmsOtp.Client;
using SmsOtp.Client.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SmsOtpClient"/>.</summary>
public static class SmsOtpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SmsOtpClient"/> as a typed HTTP client: the service's <c>/api/</c> address, the function
    /// key, the timeouts, and retries of the idempotent calls only. The options are validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets at least <see cref="SmsOtpClientOptions.BaseAddress"/>.</param>
    /// <returns>
    /// The HTTP client's builder. A handler added to it with <c>AddHttpMessageHandler</c> runs inside the resilience
    /// handler, once per attempt.
    /// </returns>
    public static IHttpClientBuilder AddSmsOtpClient(this IServiceCollection services, Action<SmsOtpClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SmsOtpClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOtpClientOptions>, SmsOtpClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var builder = services.AddHttpClient<SmsOtpClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<SmsOtpClientOptions>>().Value;
            http.BaseAddress = SmsOtpClientOptionsValidator.ApiAddress(options.BaseAddress!);
            // The resilience pipeline bounds each attempt and the whole call (AttemptTimeout, TotalTimeout).
            http.Timeout = Timeout.InfiniteTimeSpan;
            if (options.FunctionKey is { } key)
            {
                http.DefaultRequestHeaders.Add("x-functions-key", key);
            }
        });
        builder.RedactLoggedHeaders(name => string.Equals(name, "x-functions-key", StringComparison.OrdinalIgnoreCase));
        SmsOtpResilience.Configure(builder);
        return builder;
    }
}
