using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Hosting;
using SmsOtp.Core.Http;
using SmsOtp.Core.Problems;
using SmsOtp.Core.Providers;
using SmsOtp.Core.Storage;

namespace SmsOtp.LocalServer;

/// <summary>
/// Builds the local server: the Functions app's routes from the same <see cref="ApiRoutes"/> and
/// handlers, a queue listener running the same delivery handler, and Azurite when no storage is set.
/// </summary>
public static class LocalServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string OutboxRoute = "dev/outbox";

    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
        });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        AzuriteProcess? azurite = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration[StorageConnection.SettingName])
            && !builder.Configuration.GetSection(StorageConnection.SettingName).GetChildren().Any())
        {
            azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
            builder.Configuration[StorageConnection.SettingName] = azurite.ConnectionString;
            Console.Out.WriteLine($"Started Azurite in memory (tables :{azurite.TablePort}, queues :{azurite.QueuePort}).");
        }

        WebApplication app;
        try
        {
            builder.Services.AddSmsOtp(builder.Configuration);
            LocalServerTelemetry.Add(builder);
            builder.Services.AddOptions<LocalServerOptions>().Bind(builder.Configuration.GetSection(LocalServerOptions.SectionName));
            builder.Services.AddHostedService<QueueListener>();
            builder.Services.AddProblemDetails();
            if (azurite is not null)
            {
                // The container owns Azurite, so disposing the app stops it on every path, including a start that
                // failed before ApplicationStopped could fire (a failed start used to leave it running).
                builder.Services.AddSingleton(_ => azurite);
            }

            app = builder.Build();
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        if (azurite is not null)
        {
            _ = app.Services.GetRequiredService<AzuriteProcess>();
            app.Lifetime.ApplicationStopped.Register(() => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        app.UseExceptionHandler(error => error.Run(context =>
        {
            var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var problem = failure is BadHttpRequestException bad
                ? bad.StatusCode == 413
                    ? Problem.PayloadTooLarge("The request body is too large.")
                    : Problem.Validation("The request could not be read.")
                : Problem.InternalError();
            return ApiResults.Problem(problem).ExecuteAsync(context);
        }));

        var api = app.MapGroup("/api");
        api.AddEndpointFilter(RequireLocalApiKey);
        foreach (var route in ApiRoutes.All)
        {
            api.MapMethods("/" + route.Route, [route.Method], (Func<HttpContext, Task<IResult>>)(context =>
                    route.Handle(context.RequestServices.GetRequiredService<ApiHandlers>(), context.Request, context.RequestAborted)))
                .WithName(route.Function)
                .WithMetadata(route);
        }

        if (app.Services.GetRequiredService<IOptions<ProviderListOptions>>().Value.Providers.Count == 0)
        {
            var outbox = app.Services.GetRequiredService<DevOutbox>();
            // Local only (not a Functions route): what the console sink received, codes included.
            api.MapGet("/" + OutboxRoute, () => ApiResults.Json(outbox.Entries)).WithName("DevOutbox");
        }

        app.MapFallback("/api/{**path}", (HttpContext context) => NotFoundOrMethodNotAllowed(context));
        LocalServerTelemetry.Map(app);
        return app;
    }

    /// <summary>A path the API has with another method gets 405 and <c>Allow</c>; any other path 404.</summary>
    private static IResult NotFoundOrMethodNotAllowed(HttpContext context)
    {
        var path = (context.Request.RouteValues["path"] as string ?? string.Empty).TrimEnd('/');
        var methods = ApiRoutes.All.Where(r => string.Equals(r.Route, path, StringComparison.OrdinalIgnoreCase)).Select(r => r.Method).ToList();
        if (methods.Count == 0)
        {
            return ApiResults.Problem(Problem.NotFound());
        }

        context.Response.Headers.Allow = string.Join(", ", methods);
        return ApiResults.Problem(Problem.MethodNotAllowed());
    }

    /// <summary>The local counterpart of the function key: <c>x-functions-key</c> against <c>SmsOtp:LocalApiKey</c>.</summary>
    private static async ValueTask<object?> RequireLocalApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = http.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>();
        var key = http.RequestServices.GetRequiredService<IOptionsMonitor<LocalServerOptions>>().CurrentValue.LocalApiKey;
        if (route is { Anonymous: true } || string.IsNullOrEmpty(key))
        {
            return await next(context).ConfigureAwait(false);
        }

        var given = http.Request.Headers["x-functions-key"].ToString();
        if (string.IsNullOrEmpty(given))
        {
            given = http.Request.Query["code"].ToString();
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
        {
            return ApiResults.Problem(Problem.Unauthorized());
        }

        return await next(context).ConfigureAwait(false);
    }
}
