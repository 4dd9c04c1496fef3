using System.CommandLine;
using SmsOtp.Migrate.Config;

namespace SmsOtp.Migrate.Cli;

/// <summary><c>config --toml &lt;deployment.toml&gt; [--idp &lt;idp.json&gt;] [--format appsettings|env|values] [--tenant t] [--no-presets]</c>.</summary>
public static class ConfigCommand
{
    public static Command Create(MigrateConsole console)
    {
        var toml = new Option<FileInfo>("--toml")
        {
            Description = "WSO2's <IS_HOME>/repository/conf/deployment.toml",
            Required = true,
        };
        var idp = new Option<FileInfo?>("--idp")
        {
            Description = "The SMS OTP identity provider as WSO2's identity-provider REST API returns it (JSON)",
        };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "appsettings (nested JSON), env (SmsOtp__Key=value lines) or values (flat JSON for local.settings.json Values / Bicep extraAppSettings)",
            DefaultValueFactory = _ => OutputFormat.Appsettings,
        };
        var tenant = new Option<string?>("--tenant")
        {
            Description = "Write the settings under SmsOtp:Tenants:<tenant>: (WSO2's per-tenant identity provider)",
        };
        var noPresets = new Option<bool>("--no-presets")
        {
            Description = "Keep WSO2's request template as a generic provider even for the five known gateways",
        };

        var command = new Command("config", "Print the settings that reproduce a WSO2 SMSOTP set-up (deployment.toml and identity provider)")
        {
            toml, idp, format, tenant, noPresets,
        };
        command.SetAction(async (parse, ct) =>
        {
            var tomlFile = parse.GetValue(toml)!;
            var idpFile = parse.GetValue(idp);
            var result = ConfigConverter.Convert(
                await ReadAsync(tomlFile, ct),
                tomlFile.Name,
                idpFile is null ? null : await ReadAsync(idpFile, ct),
                idpFile?.Name,
                !parse.GetValue(noPresets),
                parse.GetValue(tenant));

            await console.Output.WriteAsync(SettingsWriter.Write(result.Settings, parse.GetValue(format)));
            await console.Output.WriteLineAsync();
            Report(result, console.Error);
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationInputException($"Cannot read {file.FullName}: {e.Message}", e);
        }
    }

    /// <summary>Unmapped keys, warnings and the secrets to set, on stderr; secret values are never known here.</summary>
    private static void Report(ConversionResult result, TextWriter error)
    {
        foreach (var note in result.Notes)
        {
            error.WriteLine(note.ToString());
        }

        if (result.Secrets.Count > 0)
        {
            error.WriteLine();
            error.WriteLine("Secrets to set (Key Vault secret names; locally SmsOtp:Secrets:<name>). Copy each value from WSO2, where noted:");
            foreach (var secret in result.Secrets)
            {
                error.WriteLine($"  {secret.Name}  <- {secret.FoundIn}");
            }

            error.WriteLine($"  e.g. az keyvault secret set --vault-name <vault> --name {result.Secrets[0].Name} --file <file holding the value>");
            error.WriteLine($"  Bicep: providerSecretNames = [{string.Join(", ", result.Secrets.Select(s => "'" + s.Name + "'"))}]");
        }
    }
}
