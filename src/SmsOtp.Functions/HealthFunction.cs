using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Http;

namespace SmsOtp.Functions;

/// <summary>Anonymous health probe (spec §2.6).</summary>
public sealed class HealthFunction(ApiHandlers api)
{
    [Function("Health")]
    public Task<IResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct) =>
        api.HealthAsync(req, ct);
}
