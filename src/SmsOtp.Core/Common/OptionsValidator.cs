using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace SmsOtp.Core.Common;

/// <summary>
/// The one start-up validator: checks every <see cref="RangeAttribute"/> on the options' properties (and on
/// nested option objects, e.g. <c>AccountLock:</c>), then asks the options for their other rules, all under
/// the section's key prefix, so each message names the full key; for a tenant's options (a named instance)
/// the tenant's key (<c>SmsOtp:Tenants:beta:TokenLength</c>).
/// </summary>
public sealed class OptionsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = new OptionsErrors(string.IsNullOrEmpty(name) ? section : Tenants.KeyFor(name, section));
        CheckRanges(options, "", errors);
        options.Validate(errors);
        return errors.Result();
    }

    private static void CheckRanges(object options, string keyPrefix, OptionsErrors errors)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                var value = Convert.ToDouble(property.GetValue(options), CultureInfo.InvariantCulture);
                var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
                var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
                if (double.IsNaN(value) || value < min || value > max)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{errors.Prefix}{keyPrefix}{property.Name} must be between {min} and {max} (was {value})."));
                }
            }
            else if (property.PropertyType.IsClass && property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal)
                     && property.GetValue(options) is { } nested)
            {
                CheckRanges(nested, keyPrefix + property.Name + ":", errors);
            }
        }
    }
}
