namespace SmsOtp.Client.Tests.Infrastructure;

/// <summary>One attempt the client made, as the wire saw it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path below the service's address, e.g. <c>/api/otp/send</c>.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, if any.</param>
/// <param name="Number">1 for the first attempt at this method and path, 2 for the next, ...</param>
/// <param name="Body">The request body, if any.</param>
public sealed record Attempt(string Method, string Path, string? IdempotencyKey, int Number, string? Body);
