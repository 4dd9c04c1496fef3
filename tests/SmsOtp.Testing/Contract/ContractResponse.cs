namespace SmsOtp.Testing;

/// <summary>
/// One HTTP response to hold against the contract: the request's method and path (with or without the
/// query), the status, the <c>Content-Type</c>, the body as text and the response headers.
/// </summary>
public sealed record ContractResponse(
    string Method,
    string Path,
    int Status,
    string? ContentType,
    string Body,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public override string ToString() => $"{Method} {Path} -> {Status} {ContentType}";
}
