using System.Text.Json;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Reads a notification's <c>policy</c> object (docs/notifications.md, "Retry policy"): known fields only, each typed and
/// within its range; missing fields take the defaults. Errors name the field and the rule. Pure.
/// </summary>
public static class NotificationPolicyReader
{
    public static readonly IReadOnlyList<string> Fields = ["retryStrategy", "retryLimit", "retryRate", "retryDelay", "saveOnFailure"];

    /// <summary>The policy of <paramref name="json"/>, or null with one message per problem added to <paramref name="errors"/>.</summary>
    public static NotificationPolicy? Read(JsonElement json, string path, ICollection<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add((path, $"{path}: must be a JSON object with {string.Join(", ", Fields)}, got {JsonValueDescription.Describe(json)}"));
            return null;
        }

        var before = errors.Count;
        var policy = NotificationPolicy.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var field = $"{path}.{JsonValueDescription.Shorten(property.Name)}";
            if (!seen.Add(property.Name))
            {
                errors.Add((field, $"{field}: appears more than once"));
                continue;
            }

            switch (property.Name)
            {
                case "retryStrategy":
                    if (property.Value.ValueKind == JsonValueKind.String
                        && Enum.TryParse<RetryStrategy>(property.Value.GetString(), ignoreCase: true, out var strategy)
                        && Enum.IsDefined(strategy) && !int.TryParse(property.Value.GetString(), out _))
                    {
                        policy = policy with { RetryStrategy = strategy };
                    }
                    else
                    {
                        errors.Add((field, $"{field}: must be one of {string.Join(", ", Enum.GetNames<RetryStrategy>())}, got {JsonValueDescription.Describe(property.Value)}"));
                    }

                    break;
                case "retryLimit":
                    if (ReadInteger(property.Value, field, NotificationPolicy.MaxRetryLimit, errors) is { } limit)
                    {
                        policy = policy with { RetryLimit = limit };
                    }

                    break;
                case "retryRate":
                    if (ReadInteger(property.Value, field, NotificationPolicy.MaxSeconds, errors) is { } rate)
                    {
                        policy = policy with { RetryRate = rate };
                    }

                    break;
                case "retryDelay":
                    if (ReadInteger(property.Value, field, NotificationPolicy.MaxSeconds, errors) is { } delay)
                    {
                        policy = policy with { RetryDelay = delay };
                    }

                    break;
                case "saveOnFailure":
                    if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        policy = policy with { SaveOnFailure = property.Value.GetBoolean() };
                    }
                    else
                    {
                        errors.Add((field, $"{field}: must be true or false, got {JsonValueDescription.Describe(property.Value)}"));
                    }

                    break;
                default:
                    errors.Add((field, $"{field}: is not a field of a policy; allowed fields are {string.Join(", ", Fields)}"));
                    break;
            }
        }

        return errors.Count == before ? policy : null;
    }

    /// <summary>A stored policy (written by <see cref="NotificationPolicy.ToJson"/>); anything unreadable falls back to the defaults.</summary>
    public static NotificationPolicy FromStored(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return NotificationPolicy.Default;
        }

        using var document = JsonDocument.Parse(json);
        var errors = new List<(string, string)>();
        return Read(document.RootElement, "policy", errors) ?? NotificationPolicy.Default;
    }

    private static int? ReadInteger(JsonElement value, string field, int max, ICollection<(string, string)> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0 && number <= max)
        {
            return number;
        }

        errors.Add((field, $"{field}: must be a whole number from 0 to {max}, got {JsonValueDescription.Describe(value)}"));
        return null;
    }
}
