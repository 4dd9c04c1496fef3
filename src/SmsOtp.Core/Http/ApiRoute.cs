namespace SmsOtp.Core.Http;

/// <summary>
/// One API route: the Functions function name, method, route (under <c>/api</c>), whether it needs a
/// function key, and the handler. The local server maps these; a test holds the Functions app's
/// generated <c>functions.metadata</c> equal to them.
/// </summary>
public sealed record ApiRoute(string Function, string Method, string Route, bool Anonymous, Func<ApiHandlers, HttpRequest, CancellationToken, Task<IResult>> Handle);
