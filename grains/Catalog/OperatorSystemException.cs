namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// A tenant admin's write would change or delete a system the operator defined (a seed catalog file); the message
/// names the system and the rule.
/// </summary>
public sealed class OperatorSystemException : Exception
{
    public OperatorSystemException()
    {
    }

    public OperatorSystemException(string message)
        : base(message)
    {
    }

    public OperatorSystemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal of <paramref name="action"/> ("update", "delete" …) of system <paramref name="systemId"/>.</summary>
    public static OperatorSystemException For(string systemId, string action) => new(
        $"System {systemId} is defined by the service operator (a seed catalog file); tenant administrators may not {action} it " +
        "through /systems/v2. Ask the operator to change the seed catalog, or register a system with another id.");
}
