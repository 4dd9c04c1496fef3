// The default builder (configuration, logging, Kestrel) and one JSON endpoint: what any ASP.NET Core app pays to start.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/api/health", () => Results.Json(new { status = "healthy" }));
app.Run();
