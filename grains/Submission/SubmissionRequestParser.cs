using System.Text.Json;
using System.Text.RegularExpressions;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Notifications;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The structural checks of a job submission body (docs/api.md, "Submitting a job"; the fields and lengths are Aloe's):
/// known fields only, exact JSON types with no coercion, string lengths, required fields. Every problem is collected,
/// so one 400 answer lists them all. Checks against the app come later, in <see cref="SubmissionValidator"/>.
/// </summary>
public static partial class SubmissionRequestParser
{
    private static readonly IReadOnlyList<string> AllowedFields =
    [
        "appId", "name", "archive", "archivePath", "archiveSystem", "batchQueue", "inputs", "parameters",
        "memoryPerNode", "nodeCount", "processorsOnEachNode", "processorOnEachNode", "processorsPerNode",
        "maxRunTime", "notifications",
    ];

    private static readonly IReadOnlyList<string> AllowedNotificationFields = ["event", "url", "persistent", "policy"];

    /// <summary>Fields Agave accepted that Aloe removed, with what replaces each, so the message can say what to send instead.</summary>
    private static readonly IReadOnlyDictionary<string, string> RemovedFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["executionSystem"] = "executionSystem: is not allowed (Agave ignored it); the execution system comes from the app named by appId, so remove this field",
        ["parameter"] = "parameter: is deprecated, use parameters (an object of app parameter name → value)",
        ["softwareName"] = "softwareName: is deprecated, use appId",
        ["archiveOutput"] = "archiveOutput: is deprecated, use archive (boolean)",
        ["requestedTime"] = "requestedTime: is deprecated, use maxRunTime (HH:mm:ss)",
        ["maxMemory"] = "maxMemory: is deprecated, use memoryPerNode (e.g. 1.5GB)",
        ["memory"] = "memory: is deprecated, use memoryPerNode (e.g. 1.5GB)",
        ["processorCount"] = "processorCount: is deprecated, use nodeCount and processorsOnEachNode",
        ["processors"] = "processors: is deprecated, use nodeCount and processorsOnEachNode",
        ["queue"] = "queue: is deprecated, use batchQueue",
        ["callbackUrl"] = "callbackUrl: is deprecated, use notifications ([{\"event\":\"*\",\"url\":\"…\"}])",
    };

    private static readonly string EventChoices =
        $"one of {string.Join(", ", Enum.GetNames<JobStatus>())} or * (any letter case)";

    public static SubmissionParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        var errors = new List<SubmissionError>();
        JsonDocument document;
        try
        {
            // Defaults are deliberate: no comments, no trailing commas, depth 64, invalid UTF-8 rejected.
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            var bytePosition = (exception.BytePositionInLine ?? 0) + 1;
            return SubmissionParseResult.Failure(
            [
                new SubmissionError("body", $"body: is not valid JSON at line {line}, byte {bytePosition} of that line; send one JSON object"),
            ]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return SubmissionParseResult.Failure(
                [
                    new SubmissionError("body", $"body: must be a JSON object with the job's fields, got {JsonValueDescription.Describe(root)}"),
                ]);
            }

            var fields = CollectUniqueProperties(root, "", errors);
            var request = ReadRequest(fields, errors);
            return errors.Count == 0 && request is not null
                ? SubmissionParseResult.Success(request)
                : SubmissionParseResult.Failure(errors);
        }
    }

    private static SubmissionRequest? ReadRequest(IReadOnlyDictionary<string, JsonElement> fields, List<SubmissionError> errors)
    {
        foreach (var fieldName in fields.Keys)
        {
            if (RemovedFields.TryGetValue(fieldName, out var removedMessage))
            {
                errors.Add(new SubmissionError(fieldName, removedMessage));
            }
            else if (!AllowedFields.Contains(fieldName))
            {
                errors.Add(new SubmissionError(
                    fieldName,
                    $"{JsonValueDescription.Shorten(fieldName)}: is not a field of a job submission; allowed fields are {string.Join(", ", AllowedFields)}"));
            }
        }

        var appId = ReadRequiredString(fields, "appId", SubmissionFieldLimits.AppId, errors);
        var name = ReadRequiredString(fields, "name", SubmissionFieldLimits.Name, errors);
        var archive = ReadBoolean(fields, "archive", errors);
        var archivePath = ReadString(fields, "archivePath", SubmissionFieldLimits.ArchivePath, errors);
        var archiveSystem = ReadString(fields, "archiveSystem", SubmissionFieldLimits.ArchiveSystem, errors);
        var batchQueue = ReadString(fields, "batchQueue", SubmissionFieldLimits.BatchQueue, errors);
        var memoryPerNode = ReadString(fields, "memoryPerNode", SubmissionFieldLimits.MemoryPerNode, errors);
        var maxRunTime = ReadString(fields, "maxRunTime", SubmissionFieldLimits.MaxRunTime, errors);
        var nodeCount = ReadPositiveInteger(fields, "nodeCount", errors);
        var processorsPerNode = ReadPositiveInteger(fields, "processorsPerNode", errors);
        var processorsOnEachNode = ReadProcessorsOnEachNode(fields, errors);

        // Decision: the archivePath rule applies when archive is explicitly true. When archive is omitted the job
        // still archives (Aloe's default) to the service's default path, as if archivePath were "", so that requests
        // from clients that never sent either field keep working.
        if (archive == true && !fields.ContainsKey("archivePath"))
        {
            errors.Add(new SubmissionError("archivePath", "archivePath: is required when archive is true; it can be the empty string \"\" for the service's default archive path"));
        }

        if (archivePath is not null && InputLocationRules.HasParentSegment(archivePath))
        {
            errors.Add(new SubmissionError("archivePath", "archivePath: must not contain a '..' path segment; the path must stay inside the archive system"));
        }

        if (memoryPerNode is not null && !MemorySize.TryParseGb(memoryPerNode, out _, out var memoryError))
        {
            errors.Add(new SubmissionError("memoryPerNode", $"memoryPerNode: {memoryError}"));
        }

        if (maxRunTime is not null && !RunTime.TryParseHours(maxRunTime, out _, out var runTimeError))
        {
            errors.Add(new SubmissionError("maxRunTime", $"maxRunTime: {runTimeError}"));
        }

        var inputs = ReadInputs(fields, errors);
        var parameters = ReadParameters(fields, errors);
        var notifications = ReadNotifications(fields, errors);

        if (appId is null || name is null)
        {
            return null;
        }

        return new SubmissionRequest
        {
            AppId = appId,
            Name = name,
            Archive = archive,
            ArchivePath = archivePath,
            ArchiveSystem = archiveSystem,
            BatchQueue = batchQueue,
            Inputs = inputs,
            Parameters = parameters,
            MemoryPerNode = memoryPerNode,
            NodeCount = nodeCount,
            ProcessorsOnEachNode = processorsOnEachNode,
            ProcessorsPerNode = processorsPerNode,
            MaxRunTime = maxRunTime,
            Notifications = notifications,
        };
    }

    /// <summary>
    /// The properties of <paramref name="json"/> by name; a repeated name is an error (the JSON spec leaves its
    /// meaning open, so a user could not know which value wins) and only its first value is kept.
    /// </summary>
    private static Dictionary<string, JsonElement> CollectUniqueProperties(JsonElement json, string pathPrefix, List<SubmissionError> errors)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (!properties.TryAdd(property.Name, property.Value))
            {
                var field = pathPrefix + property.Name;
                errors.Add(new SubmissionError(field, $"{JsonValueDescription.Shorten(field)}: appears more than once; give each field once"));
            }
        }

        return properties;
    }

    private static string? ReadRequiredString(IReadOnlyDictionary<string, JsonElement> fields, string field, int maxLength, List<SubmissionError> errors)
    {
        if (!fields.ContainsKey(field))
        {
            errors.Add(new SubmissionError(field, $"{field}: is required (a string of at most {maxLength} characters)"));
            return null;
        }

        var value = ReadString(fields, field, maxLength, errors);
        if (value is not null && value.Trim().Length == 0)
        {
            errors.Add(new SubmissionError(field, $"{field}: must not be empty or blank"));
            return null;
        }

        return value;
    }

    private static string? ReadString(IReadOnlyDictionary<string, JsonElement> fields, string field, int maxLength, List<SubmissionError> errors) =>
        fields.TryGetValue(field, out var value) ? ReadStringValue(value, field, maxLength, errors) : null;

    /// <summary>
    /// Decision: JSON null is rejected like any other wrong type ("omit the field instead"), never read as absent,
    /// so that what a user sent has exactly one meaning.
    /// </summary>
    private static string? ReadStringValue(JsonElement value, string field, int maxLength, List<SubmissionError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new SubmissionError(field, $"{field}: must be a JSON string of at most {maxLength} characters, got {JsonValueDescription.Describe(value)}{OmitHint(value)}"));
            return null;
        }

        var text = value.GetString()!;
        var length = CountCharacters(text);
        if (length > maxLength)
        {
            errors.Add(new SubmissionError(field, $"{field}: must be at most {maxLength} characters long, got {length}"));
            return null;
        }

        return text;
    }

    private static bool? ReadBoolean(IReadOnlyDictionary<string, JsonElement> fields, string field, List<SubmissionError> errors) =>
        fields.TryGetValue(field, out var value) ? ReadBooleanValue(value, field, errors) : null;

    private static bool? ReadBooleanValue(JsonElement value, string field, List<SubmissionError> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new SubmissionError(field, $"{field}: must be JSON true or false, got {JsonValueDescription.Describe(value)}{OmitHint(value)}"));
        return null;
    }

    /// <summary>
    /// Decision: an integer is a JSON number written without fraction or exponent (<c>2</c>, not <c>2.0</c> or
    /// <c>2e0</c>), so no rounding question ever arises.
    /// </summary>
    private static int? ReadPositiveInteger(IReadOnlyDictionary<string, JsonElement> fields, string field, List<SubmissionError> errors)
    {
        if (!fields.TryGetValue(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1)
        {
            return number;
        }

        errors.Add(new SubmissionError(field, $"{field}: must be a JSON integer ≥ 1, got {JsonValueDescription.Describe(value)}{OmitHint(value)}"));
        return null;
    }

    /// <summary>
    /// Aloe's documentation spells the field <c>processorOnEachNode</c>, its API <c>processorsOnEachNode</c>; both are
    /// accepted, not both at once.
    /// </summary>
    private static int? ReadProcessorsOnEachNode(IReadOnlyDictionary<string, JsonElement> fields, List<SubmissionError> errors)
    {
        if (fields.ContainsKey("processorsOnEachNode") && fields.ContainsKey("processorOnEachNode"))
        {
            errors.Add(new SubmissionError("processorsOnEachNode", "processorsOnEachNode: is given twice, also as processorOnEachNode; send only processorsOnEachNode"));
            return null;
        }

        return ReadPositiveInteger(fields, "processorsOnEachNode", errors) ?? ReadPositiveInteger(fields, "processorOnEachNode", errors);
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadInputs(IReadOnlyDictionary<string, JsonElement> fields, List<SubmissionError> errors)
    {
        var inputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!fields.TryGetValue("inputs", out var json))
        {
            return inputs;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SubmissionError("inputs", $"inputs: must be a JSON object of app input name → path/URI string or array of them, got {JsonValueDescription.Describe(json)}"));
            return inputs;
        }

        foreach (var (name, value) in CollectUniqueProperties(json, "inputs.", errors))
        {
            var field = $"inputs.{name}";
            List<string?>? locations = value.ValueKind switch
            {
                JsonValueKind.String => [ReadInputLocation(value, field, errors)],
                JsonValueKind.Array => value.EnumerateArray().Select((item, index) => ReadInputLocation(item, $"{field}[{index}]", errors)).ToList(),
                _ => null,
            };

            if (locations is null)
            {
                errors.Add(new SubmissionError(field, $"{field}: must be a JSON string (a path or URI) or an array of them, got {JsonValueDescription.Describe(value)}"));
                continue;
            }

            if (locations.All(location => location is not null))
            {
                inputs[name] = locations.Select(location => location!).ToList();
            }
        }

        return inputs;
    }

    private static string? ReadInputLocation(JsonElement value, string field, List<SubmissionError> errors)
    {
        var location = ReadStringValue(value, field, SubmissionFieldLimits.InputValue, errors);
        if (location is null)
        {
            return null;
        }

        if (InputLocationRules.FindProblem(location) is { } problem)
        {
            errors.Add(new SubmissionError(field, $"{field}: {problem}"));
            return null;
        }

        return location;
    }

    /// <summary>Values of any JSON type are kept here; their types are checked against the app by the validator.</summary>
    private static Dictionary<string, JsonElement> ReadParameters(IReadOnlyDictionary<string, JsonElement> fields, List<SubmissionError> errors)
    {
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!fields.TryGetValue("parameters", out var json))
        {
            return parameters;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SubmissionError("parameters", $"parameters: must be a JSON object of app parameter name → value, got {JsonValueDescription.Describe(json)}"));
            return parameters;
        }

        foreach (var (name, value) in CollectUniqueProperties(json, "parameters.", errors))
        {
            // Cloned because the request outlives the document this element belongs to.
            parameters[name] = value.Clone();
        }

        return parameters;
    }

    /// <summary>
    /// One notification object as a submission's <c>notifications</c> item is read (event, url, persistent, policy), for
    /// <c>POST /notifications/v2</c>; problems are added to <paramref name="errors"/> under <paramref name="path"/>.
    /// </summary>
    public static NotificationRequest? ParseNotification(JsonElement json, string path, List<SubmissionError> errors) =>
        ReadNotification(json, path, errors);

    private static List<NotificationRequest> ReadNotifications(IReadOnlyDictionary<string, JsonElement> fields, List<SubmissionError> errors)
    {
        var notifications = new List<NotificationRequest>();
        if (!fields.TryGetValue("notifications", out var json))
        {
            return notifications;
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SubmissionError("notifications", $"notifications: must be a JSON array of {{\"event\",\"url\",\"persistent\"}} objects, got {JsonValueDescription.Describe(json)}"));
            return notifications;
        }

        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            if (ReadNotification(item, $"notifications[{index}]", errors) is { } notification)
            {
                notifications.Add(notification);
            }

            index++;
        }

        return notifications;
    }

    private static NotificationRequest? ReadNotification(JsonElement json, string path, List<SubmissionError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SubmissionError(path, $"{path}: must be a JSON object {{\"event\",\"url\",\"persistent\"}}, got {JsonValueDescription.Describe(json)}"));
            return null;
        }

        var errorCountBefore = errors.Count;
        var fields = CollectUniqueProperties(json, path + ".", errors);
        foreach (var name in fields.Keys.Where(name => !AllowedNotificationFields.Contains(name)))
        {
            var field = $"{path}.{JsonValueDescription.Shorten(name)}";
            errors.Add(new SubmissionError(field, $"{field}: is not a field of a notification; allowed fields are {string.Join(", ", AllowedNotificationFields)}"));
        }

        var eventName = ReadNotificationEvent(fields, path, errors);
        var url = ReadNotificationUrl(fields, path, errors);
        var persistent = fields.TryGetValue("persistent", out var persistentJson)
            ? ReadBooleanValue(persistentJson, $"{path}.persistent", errors)
            : false;

        var policy = NotificationPolicy.Default;
        if (fields.TryGetValue("policy", out var policyJson))
        {
            var policyErrors = new List<(string Field, string Message)>();
            policy = NotificationPolicyReader.Read(policyJson, $"{path}.policy", policyErrors) ?? NotificationPolicy.Default;
            errors.AddRange(policyErrors.Select(error => new SubmissionError(error.Field, error.Message)));
        }

        return errors.Count == errorCountBefore && eventName is not null && url is not null && persistent is not null
            ? new NotificationRequest(eventName, url, persistent.Value) { Policy = policy }
            : null;
    }

    /// <summary>Events are job status names or <c>*</c>; any letter case is accepted and stored upper case, as statuses are spelled.</summary>
    private static string? ReadNotificationEvent(IReadOnlyDictionary<string, JsonElement> fields, string path, List<SubmissionError> errors)
    {
        var field = $"{path}.event";
        if (!fields.TryGetValue("event", out var json))
        {
            errors.Add(new SubmissionError(field, $"{field}: is required; use {EventChoices}"));
            return null;
        }

        var text = ReadStringValue(json, field, SubmissionFieldLimits.NotificationEvent, errors);
        if (text is null)
        {
            return null;
        }

        var normalised = text.Trim().ToUpperInvariant();
        if (normalised == "*" || Enum.GetNames<JobStatus>().Contains(normalised))
        {
            return normalised;
        }

        errors.Add(new SubmissionError(field, $"{field}: must be {EventChoices}, got \"{JsonValueDescription.Shorten(text)}\""));
        return null;
    }

    private static string? ReadNotificationUrl(IReadOnlyDictionary<string, JsonElement> fields, string path, List<SubmissionError> errors)
    {
        var field = $"{path}.url";
        if (!fields.TryGetValue("url", out var json))
        {
            errors.Add(new SubmissionError(field, $"{field}: is required; give an http(s) URL or an e-mail address"));
            return null;
        }

        var url = ReadStringValue(json, field, SubmissionFieldLimits.NotificationUrl, errors);
        if (url is null)
        {
            return null;
        }

        if (IsWebAddress(url) || EmailAddress().IsMatch(url))
        {
            return url;
        }

        errors.Add(new SubmissionError(field, $"{field}: must be an absolute http or https URL or an e-mail address, got \"{JsonValueDescription.Shorten(url)}\""));
        return null;
    }

    /// <summary>Template variables such as <c>${JOB_ID}</c> may appear in the path or query, so they are allowed there.</summary>
    private static bool IsWebAddress(string url) =>
        !url.Any(character => char.IsControl(character) || char.IsWhiteSpace(character))
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private static string OmitHint(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "; omit the field instead of sending null" : "";

    private static int CountCharacters(string text) => text.EnumerateRunes().Count();

    [GeneratedRegex(@"\A[^@\s]+@[^@\s.]+(\.[^@\s.]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
