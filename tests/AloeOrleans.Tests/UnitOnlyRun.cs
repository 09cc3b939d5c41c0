namespace AloeOrleans.Tests;

/// <summary>
/// <c>./aloe test --unit</c> sets <c>ALOE_TEST_UNIT_ONLY=1</c> and runs only the tests without
/// <see cref="NeedsServersAttribute"/>. Every helper that reaches a server (the test PostgreSQL, a private PostgreSQL,
/// sshd, Slurm, vsftpd, the service process) calls <see cref="RefuseServer"/> first, so a test that needs a server
/// but lacks the mark fails there, naming the server and the mark, instead of passing or hanging.
/// </summary>
public static class UnitOnlyRun
{
    /// <summary>The variable <c>./aloe test --unit</c> sets to <c>1</c>.</summary>
    public const string EnvironmentVariable = "ALOE_TEST_UNIT_ONLY";

    /// <summary>Whether this is a run of the tests that need no server.</summary>
    public static bool IsActive => IsSet(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Throws when this run must not reach <paramref name="server"/>; does nothing in a full run.</summary>
    public static void RefuseServer(string server)
    {
        if (Refusal(server, Environment.GetEnvironmentVariable(EnvironmentVariable)) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// The error a test reaching <paramref name="server"/> gets when the variable has <paramref name="variableValue"/>:
    /// null unless the value is <c>1</c>.
    /// </summary>
    public static InvalidOperationException? Refusal(string server, string? variableValue) =>
        IsSet(variableValue)
            ? new InvalidOperationException(
                $"This test needs {server}, but {EnvironmentVariable}=1: `./aloe test --unit` runs only the tests that " +
                $"need no server. Mark its test class [{nameof(NeedsServersAttribute)[..^"Attribute".Length]}] " +
                "(tests/AloeOrleans.Tests/NeedsServersAttribute.cs) so the unit run leaves it out and " +
                "`./aloe test` runs it with its servers.")
            : null;

    private static bool IsSet(string? value) => value == "1";
}
