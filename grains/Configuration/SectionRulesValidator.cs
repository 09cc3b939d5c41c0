using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Configuration;

/// <summary>Runs <see cref="OptionRules"/> on an options class bound from <paramref name="section"/>.</summary>
public sealed class SectionRulesValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = OptionRules.Check(options, section);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
