namespace AloeOrleans.Gateway.Jobs;

/// <summary>What a download serves: the whole file (200), one range of it (206), or nothing, the range being past its end (416).</summary>
public enum ByteRangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}
