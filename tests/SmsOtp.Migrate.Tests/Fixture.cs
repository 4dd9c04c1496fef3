namespace SmsOtp.Migrate.Tests;

/// <summary>Paths of the WSO2-shaped fixtures copied next to the tests.</summary>
public static class Fixture
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Toml => Path("deployment.toml");

    public static string Idp(string name) => Path("idp", name + ".json");

    public static string Scim => Path("scim");

    /// <summary>The credentials inside the IdP fixtures: none may ever be printed.</summary>
    public static readonly string[] Credentials =
    [
        "5f3c9a1e", "Q7vK2pX9mL4tR8wZ", "Hk29dLq8Zp3vXw7nTa1sYm5uRt2c", "MAFAKEAUTHID00TEST01", "PlivoFakeToken9f8e7d6c5b4a",
        "acme-otp", "Pw4BulkFake9x", "ACfake0123456789abcdef", "TwilioFakeAuthToken42",
        Convert.ToBase64String("MAFAKEAUTHID00TEST01:PlivoFakeToken9f8e7d6c5b4a"u8.ToArray()),
        Convert.ToBase64String("ACfake0123456789abcdef:TwilioFakeAuthToken42"u8.ToArray()),
    ];
}
