using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SmsOtp.Core.Hosting;
using SmsOtp.Core.Providers;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSmsOtp(builder.Configuration);

// Without a provider every SMS would go to the development outbox: only acceptable in Development.
var development = builder.Environment.IsDevelopment()
    || string.Equals(Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT"), "Development", StringComparison.OrdinalIgnoreCase);
if (!development && builder.Configuration.GetSection($"{ProviderListOptions.SectionName}:Providers").GetChildren().Any() is false)
{
    throw new InvalidOperationException(
        "SmsOtp:Providers is empty: configure at least one SMS provider (SmsOtp__Providers__0__Preset or __Url). Only Development runs without one.");
}

builder.Build().Run();
