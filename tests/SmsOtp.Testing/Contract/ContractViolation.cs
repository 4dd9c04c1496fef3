namespace SmsOtp.Testing;

/// <summary>A response that does not conform to the OpenAPI document, with every reason.</summary>
public sealed record ContractViolation(ContractResponse Response, IReadOnlyList<string> Errors)
{
    private const int BodyExcerpt = 600;

    public override string ToString()
    {
        var body = Response.Body.Length > BodyExcerpt ? Response.Body[..BodyExcerpt] + "..." : Response.Body;
        return $"{Response} does not conform to openapi.json:{Environment.NewLine}  - "
            + string.Join(Environment.NewLine + "  - ", Errors)
            + (body.Length == 0 ? "" : Environment.NewLine + "  body: " + body);
    }
}
