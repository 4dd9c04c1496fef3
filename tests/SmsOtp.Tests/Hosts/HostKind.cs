namespace SmsOtp.Tests.Hosts;

/// <summary>The two hosts of the same handlers (spec §13): the product in the Azure Functions host, and the local server.</summary>
public enum HostKind
{
    LocalServer,
    FunctionsHost,
}
