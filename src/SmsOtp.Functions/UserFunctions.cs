using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using SmsOtp.Core.Http;

namespace SmsOtp.Functions;

/// <summary>User profiles (spec §2.5): adapters over <see cref="ApiHandlers"/>.</summary>
public sealed class UserFunctions(ApiHandlers api)
{
    [Function("UserGet")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "users")] HttpRequest req, CancellationToken ct) =>
        api.GetUserAsync(req, ct);

    [Function("UserPut")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Function, "put", Route = "users")] HttpRequest req, CancellationToken ct) =>
        api.PutUserAsync(req, ct);

    [Function("UserDelete")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "users")] HttpRequest req, CancellationToken ct) =>
        api.DeleteUserAsync(req, ct);

    [Function("BackupCodesGenerate")]
    public Task<IResult> GenerateBackupCodes([HttpTrigger(AuthorizationLevel.Function, "post", Route = "users/backup-codes")] HttpRequest req, CancellationToken ct) =>
        api.GenerateBackupCodesAsync(req, ct);

    [Function("BackupCodesImport")]
    public Task<IResult> ImportBackupCodes([HttpTrigger(AuthorizationLevel.Function, "put", Route = "users/backup-codes")] HttpRequest req, CancellationToken ct) =>
        api.ImportBackupCodesAsync(req, ct);

    [Function("UserUnlock")]
    public Task<IResult> Unlock([HttpTrigger(AuthorizationLevel.Function, "post", Route = "users/unlock")] HttpRequest req, CancellationToken ct) =>
        api.UnlockAsync(req, ct);
}
