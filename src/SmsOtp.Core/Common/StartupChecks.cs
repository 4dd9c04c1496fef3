using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Common;

/// <summary>Runs every options validation and every <see cref="IStartupCheck"/> before the host starts, collecting all failures.</summary>
public static class StartupChecks
{
    /// <summary>Throws an <see cref="AggregateException"/> of every <see cref="OptionsValidationException"/>; any other failure as it is.</summary>
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var failures = new List<Exception>();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (exception is OptionsValidationException or AggregateException)
        {
            failures.Add(exception);
        }

        foreach (var check in services.GetServices<IHostedService>().OfType<IStartupCheck>().DistinctBy(c => c.GetType()))
        {
            try
            {
                await check.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException exception)
            {
                failures.Add(exception);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException(failures);
        }
    }
}
