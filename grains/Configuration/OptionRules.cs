using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace AloeOrleans.Grains.Configuration;

/// <summary>
/// Checks an options object against its rules and names every broken one by its configuration key. A rule is a data
/// annotation on the property (<c>[Range]</c>, <c>[Required]</c>, <c>[MinLength]</c>, …) or, for rules across
/// properties or about a value's format, a result of the class's <see cref="IValidatableObject.Validate"/> whose member
/// names are the properties it concerns (see <see cref="Broken"/>). <see cref="NestedOptionsAttribute"/> properties are
/// checked recursively. Values are never quoted in the messages: some options are secrets.
/// </summary>
public static class OptionRules
{
    /// <summary>Every broken rule of <paramref name="options"/>, whose settings live under <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> Check(object options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckObject(options, section, failures);
        return failures;
    }

    /// <summary>A broken rule for <see cref="IValidatableObject.Validate"/>: the properties it concerns and what they must be.</summary>
    public static ValidationResult Broken(string rule, params string[] members) => new(rule, members);

    private static void CheckObject(object options, string key, List<string> failures)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }

            var value = property.GetValue(options);
            var propertyKey = $"{key}:{property.Name}";
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = propertyKey };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(value, context) is { } result && result != ValidationResult.Success)
                {
                    failures.Add(result.ErrorMessage ?? $"{propertyKey} is invalid.");
                }
            }

            if (value is not null && property.IsDefined(typeof(NestedOptionsAttribute)))
            {
                CheckNested(value, propertyKey, failures);
            }
        }

        if (options is IValidatableObject self)
        {
            foreach (var result in self.Validate(new ValidationContext(options)))
            {
                var members = result.MemberNames.ToList();
                var where = members.Count == 0 ? key + ":" : string.Join(", ", members.Select(member => $"{key}:{member}"));
                failures.Add($"{where} {result.ErrorMessage}");
            }
        }
    }

    private static void CheckNested(object value, string key, List<string> failures)
    {
        switch (value)
        {
            case string:
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Value is not null)
                    {
                        CheckNested(entry.Value, $"{key}:{entry.Key}", failures);
                    }
                }

                return;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        CheckNested(item, $"{key}:{index}", failures);
                    }

                    index++;
                }

                return;
            default:
                CheckObject(value, key, failures);
                return;
        }
    }
}
