namespace SmsOtp.Core.Providers;

/// <summary><c>SmsOtp:Providers</c>: the ordered failover list of SMS providers (spec §6); empty means the development outbox.</summary>
public sealed class ProviderListOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root;

    public List<ProviderOptions> Providers { get; set; } = [];

    public void Validate(OptionsErrors errors)
    {
        for (var i = 0; i < Providers.Count; i++)
        {
            errors.AddRange(Providers[i].Validate($"{errors.Prefix}Providers:{i}:"));
        }
    }
}
