using System.CommandLine;
using System.Text.RegularExpressions;
using SmsOtp.Migrate.Users;
using Spectre.Console;

namespace SmsOtp.Migrate.Cli;

/// <summary>
/// <c>users --scim &lt;export.json|dir&gt;... --api &lt;url&gt; [--key k] [--tenant t] [--default-region R] [--dry-run]
/// [--disabled-attr a] [--backup-codes-attr a] [--concurrency n] [--primary-domain keep|add|strip]
/// [--overwrite-backup-codes] [--case-sensitive] [--report file.csv]</c>.
/// </summary>
public static partial class UsersCommand
{
    public const string KeyVariable = "SMSOTP_FUNCTION_KEY";

    /// <summary>Retry timing for the calls; tests shorten it.</summary>
    internal static ServiceApiOptions ApiOptions { get; set; } = new();

    public static Command Create(MigrateConsole console)
    {
        var scim = new Option<string[]>("--scim")
        {
            Description = "SCIM 2.0 ListResponse file (WSO2 GET /scim2/Users); repeat it for pages, or give a directory of *.json pages",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var api = new Option<string?>("--api") { Description = "The service's address, e.g. https://func-otp.azurewebsites.net (a trailing /api is fine)" };
        var key = new Option<string?>("--key") { Description = $"Function key (x-functions-key); default: the {KeyVariable} environment variable" };
        var tenant = new Option<string>("--tenant") { Description = "Tenant to import into", DefaultValueFactory = _ => "default" };
        var region = new Option<string?>("--default-region") { Description = "ISO region for national numbers in the export, e.g. LK (0771234567 -> +94771234567)" };
        var disabledAttr = new Option<string?>("--disabled-attr")
        {
            Description = "SCIM attribute of the SMS OTP disabled claim, <schema URN>:<attribute>; default: smsotp_disabled in WSO2's extension schemas",
        };
        var codesAttr = new Option<string?>("--backup-codes-attr")
        {
            Description = "SCIM attribute of the backup codes claim (comma-separated codes), <schema URN>:<attribute>; default: otpbackupcodes in WSO2's extension schemas",
        };
        var concurrency = new Option<int>("--concurrency") { Description = "Users imported at once", DefaultValueFactory = _ => 8 };
        var primary = new Option<PrimaryDomain>("--primary-domain")
        {
            Description = "keep: names as exported (default; WSO2 puts 'alice', not 'PRIMARY/alice', into tokens for primary users); "
                + "add: 'alice' becomes 'PRIMARY/alice'; strip: 'PRIMARY/alice' becomes 'alice'. Use the form your app sends as userId",
            DefaultValueFactory = _ => PrimaryDomain.Keep,
        };
        var overwrite = new Option<bool>("--overwrite-backup-codes") { Description = "Import backup codes into profiles that already exist too (restores spent codes)" };
        var caseSensitive = new Option<bool>("--case-sensitive") { Description = "Treat user names differing only in case as different users (CaseInsensitiveUserIds false)" };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the rejection report as CSV (user id, row, outcome, reason)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report; call nothing" };

        var command = new Command("users", "Import users (mobile, opt-out, backup codes) from a WSO2 SCIM 2.0 export through the service's API")
        {
            scim, api, key, tenant, region, disabledAttr, codesAttr, concurrency, primary, overwrite, caseSensitive, report, dryRun,
        };
        command.SetAction(async (parse, ct) =>
        {
            var tenantName = parse.GetValue(tenant)!;
            if (!TenantPattern().IsMatch(tenantName))
            {
                throw new MigrationInputException($"--tenant '{tenantName}' is not a tenant name (letters, digits, '.', '_', '-', at most 64).");
            }

            var regionName = parse.GetValue(region);
            if (regionName is not null && !PhoneNormalizer.IsKnownRegion(regionName))
            {
                throw new MigrationInputException($"--default-region '{regionName}' is not an ISO 3166 region libphonenumber knows (e.g. LK, GB, US).");
            }

            var parallel = parse.GetValue(concurrency);
            if (parallel is < 1 or > 64)
            {
                throw new MigrationInputException("--concurrency must be between 1 and 64.");
            }

            var isDryRun = parse.GetValue(dryRun);
            var address = parse.GetValue(api);
            if (address is null && !isDryRun)
            {
                throw new MigrationInputException("--api is required (the service's address), except with --dry-run.");
            }

            var reader = new ScimExportReader(ClaimLocator.Disabled(parse.GetValue(disabledAttr)), ClaimLocator.BackupCodes(parse.GetValue(codesAttr)));
            var export = reader.Read(parse.GetValue(scim)!);
            foreach (var warning in export.Warnings)
            {
                await console.Error.WriteLineAsync("warning: " + warning);
            }

            var planner = new ImportPlanner(new UserIds(parse.GetValue(primary), parse.GetValue(caseSensitive)), new PhoneNormalizer(regionName));
            var plan = planner.Plan(export.Users);

            IReadOnlyList<RowResult> imported;
            string target;
            if (isDryRun)
            {
                target = address is null ? $"tenant '{tenantName}'" : $"{ServiceApi.BaseAddress(address)} tenant '{tenantName}'";
                imported = [.. plan.Rows.Select(r => new RowResult(r.Source, r.UserId, RowOutcome.Created))];
            }
            else
            {
                using var service = new ServiceApi(address!, parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable), tenantName, ApiOptions);
                target = $"{service.Address} tenant '{tenantName}'";
                var importer = new UserImporter(service, parse.GetValue(overwrite), parallel);
                imported = await console.Err.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("Importing users", maxValue: Math.Max(1, plan.Rows.Count));
                        return await importer.ImportAsync(plan.Rows, () => task.Increment(1), ct);
                    });
            }

            var results = plan.Rejected.Concat(imported).OrderBy(r => r.Source, SourceOrder.Instance).ToList();
            ImportReport.Render(console.Out, results, plan.Rows, target, isDryRun);
            if (parse.GetValue(report) is { } file)
            {
                await ImportReport.WriteCsvAsync(file.FullName, results, ct);
            }

            return results.Any(r => r.Outcome == RowOutcome.Failed) ? Program.RowsFailed : Program.Ok;
        });
        return command;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TenantPattern();
}
