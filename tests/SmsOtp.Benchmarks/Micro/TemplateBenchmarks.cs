using BenchmarkDotNet.Attributes;
using SmsOtp.Core.Providers.Templates;

namespace SmsOtp.Benchmarks.Micro;

/// <summary>Provider template rendering with escaping for each place a value lands (one per delivery).</summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private static readonly TemplateValues Values = new("+94778888888", "Verification Code: 123456 \"quoted\" & <tagged>", "123456");

    private static readonly Dictionary<string, string> Secrets = new(StringComparer.Ordinal)
    {
        ["api-key"] = "k3y/with+specials=",
    };

    [Benchmark]
    public string Json() => TemplateRenderer.Render("{\"to\":\"$ctx.num\",\"text\":\"$ctx.msg\",\"key\":\"{secret:api-key}\"}", Values, Secrets, TemplateContext.Json);

    [Benchmark]
    public string Form() => TemplateRenderer.Render("To=$ctx.num&Body=$ctx.msg&Key={secret:api-key}", Values, Secrets, TemplateContext.Form);

    [Benchmark]
    public string Url() => TemplateRenderer.Render("https://sms.example.com/send?to=$ctx.num&text=$ctx.msg&key={secret:api-key}", Values, Secrets, TemplateContext.Url);
}
