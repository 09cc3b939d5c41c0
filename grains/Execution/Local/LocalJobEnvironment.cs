namespace AloeOrleans.Grains.Execution.Local;

/// <summary>
/// The whole environment of a LOCAL job's app, an allow-list: nothing of the service's own (its connection string,
/// keys, <c>Aloe__*</c>, <c>DOTNET_*</c>) reaches the app.
/// </summary>
public static class LocalJobEnvironment
{
    /// <summary>LANG when the service has none.</summary>
    public const string DefaultLang = "C.UTF-8";

    /// <summary>
    /// PATH (<paramref name="path"/>, the configured safe default), HOME (the job's work dir), LANG (the service's, else
    /// <see cref="DefaultLang"/>), then the execution system's own variables in name order; those may override the three
    /// (the operator defines LOCAL systems). A variable whose name is not a shell name is left out.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(string path, string workDir, string? serviceLang,
        IReadOnlyDictionary<string, string> systemEnvironment)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("PATH", path),
            new("HOME", workDir),
            new("LANG", string.IsNullOrEmpty(serviceLang) ? DefaultLang : serviceLang),
        };
        foreach (var (name, value) in systemEnvironment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!JobScriptWriter.IsEnvironmentName(name))
            {
                continue;
            }

            var index = variables.FindIndex(variable => variable.Key == name);
            if (index >= 0)
            {
                variables[index] = new(name, value);
            }
            else
            {
                variables.Add(new(name, value));
            }
        }

        return variables;
    }
}
