using System.Net;
using System.Text;

namespace SmsOtp.Client.Tests.Infrastructure;

/// <summary>
/// Sits under the client's resilience handler (so it sees every attempt) and breaks the attempts its
/// <see cref="FaultPlan"/> names: a lost answer after the server handled the request, a 500, a gateway's HTML 502, a hang.
/// </summary>
public sealed class FaultInjectingHandler(FaultPlan plan) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (_, fault) = await plan.NextAsync(request, cancellationToken);
        switch (fault)
        {
            case Fault.LoseResponse:
                using (var answered = await base.SendAsync(request, cancellationToken))
                {
                    plan.Lost(await answered.Content.ReadAsStringAsync(cancellationToken));
                    throw new HttpRequestException("The connection was reset (injected after the server answered).");
                }

            case Fault.InternalError:
                return new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    RequestMessage = request,
                    Content = new StringContent(
                        """{"type":"urn:sms-otp:problem:internal_error","title":"Internal error.","status":500,"detail":"Injected.","code":"internal_error"}""",
                        Encoding.UTF8, "application/problem+json"),
                };

            case Fault.BadGatewayHtml:
                return new HttpResponseMessage(HttpStatusCode.BadGateway)
                {
                    RequestMessage = request,
                    Content = new StringContent("<html><body>502 Bad Gateway</body></html>", Encoding.UTF8, "text/html"),
                };

            case Fault.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");

            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }
}
