namespace SmsOtp.Core.Messages.Languages;

/// <summary>The shipped languages of spec §10.2, by catalog code.</summary>
internal static class LanguagePacks
{
    public static IReadOnlyList<LanguagePack> All { get; } =
    [
        En.Pack, Es.Pack, Fr.Pack, De.Pack, It.Pack, Pt.Pack, Nl.Pack, Ar.Pack, Hi.Pack, Si.Pack, Ta.Pack, Zh.Pack, Ja.Pack,
    ];

    private static readonly Dictionary<string, LanguagePack> ByCode = All.ToDictionary(p => p.Code, StringComparer.Ordinal);

    public static LanguagePack? Find(string code) => ByCode.GetValueOrDefault(code);
}
