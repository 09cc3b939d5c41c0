namespace AloeOrleans.Grains.Security;

/// <summary>
/// The answer of <see cref="PathAccessPolicy"/>: allowed, or refused with the rule that refuses it, phrased to follow
/// "you may not read 'path' on system S: " (e.g. "ordinary users read only under their own home folder 'alice/' …").
/// </summary>
public sealed record PathAccessDecision(bool Allowed, string Rule)
{
    public static PathAccessDecision Allow { get; } = new(true, "");

    public static PathAccessDecision Refuse(string rule) => new(false, rule);
}
