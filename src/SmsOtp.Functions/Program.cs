using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SmsOtp.Core.Common;
using SmsOtp.Core.Hosting;
using SmsOtp.Core.Providers;
using SmsOtp.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// host.json's log levels hold in the worker too: its logs reach the host under Function.<name>.User, past them.
builder.Logging.AddHostJsonLogLevels();
builder.Services.AddSmsOtp(builder.Configuration);
builder.AddFunctionsTelemetry();

// Without a provider every SMS would go to the development outbox: only acceptable in Development.
if (!DevelopmentEnvironment.Is(builder.Environment) && builder.Configuration.GetSection($"{ProviderListOptions.SectionName}:Providers").GetChildren().Any() is false)
{
    throw new InvalidOperationException(
        "SmsOtp:Providers is empty: configure at least one SMS provider (SmsOtp__Providers__0__Preset or __Url). Only Development runs without one.");
}

builder.Build().Run();
