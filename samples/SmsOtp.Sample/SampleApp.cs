using Microsoft.AspNetCore.Authentication.Cookies;
using SmsOtp.Sample.SignIn;
using SmsOtp.Sample.Users;

namespace SmsOtp.Sample;

/// <summary>
/// Builds the sample: Razor Pages, cookie sign-in in two steps (password, then the SMS OTP step) and the
/// <see cref="SmsOtp.Client.SmsOtpClient"/>. Tests call it with their own settings and a free port.
/// </summary>
public static class SampleApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The pages are compiled into this assembly; naming it lets a test host (another entry assembly) find them.
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Services.AddRazorPages();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DemoUserStore>();
        builder.Services.AddOptions<SampleOptions>().Bind(builder.Configuration.GetSection(SampleOptions.SectionName));

        // The whole integration: the service's address and this app's key (x-functions-key).
        builder.Services.AddSmsOtpClient(o =>
        {
            o.BaseAddress = builder.Configuration.GetValue<Uri>("SmsOtp:BaseAddress");
            o.FunctionKey = builder.Configuration["SmsOtp:FunctionKey"] is { Length: > 0 } key ? key : null;
        });

        // Two cookies, as ASP.NET Core Identity does it: the full sign-in, and a short-lived one for a user who
        // passed the password but not yet the SMS OTP step (it holds the challenge id, sealed by Data Protection).
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "sample_auth";
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
            })
            .AddCookie(PendingSignIn.Scheme, o =>
            {
                o.Cookie.Name = "sample_pending";
                o.ExpireTimeSpan = TimeSpan.FromMinutes(15);
                o.SlidingExpiration = false;
                o.LoginPath = "/signin";
            });
        builder.Services.AddAuthorization();

        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}
