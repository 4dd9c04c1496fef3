using Microsoft.Extensions.DependencyInjection;

namespace SmsOtp.Benchmarks;

/// <summary>
/// Lets the benchmark change registrations after <c>AddSmsOtp</c> has run (LocalServerApp builds the
/// host itself): the host hands the finished service collection to this factory before building.
/// </summary>
public sealed class PostConfigureServiceProviderFactory(Action<IServiceCollection> postConfigure) : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner = new(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        postConfigure(services);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _inner.CreateServiceProvider(containerBuilder);
}
