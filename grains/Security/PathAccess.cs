namespace AloeOrleans.Grains.Security;

/// <summary>What a user wants to do with a path of a system: read it (a job's input) or write it (a job's archive).</summary>
public enum PathAccess
{
    Read,
    Write,
}
